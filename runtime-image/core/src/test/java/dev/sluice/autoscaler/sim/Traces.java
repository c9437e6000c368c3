package dev.sluice.autoscaler.sim;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's workloads. All share one job shape: 48 source partitions, subtasks that process
 * 1000 records/s when fully busy, an initial parallelism of 4, checkpoints every 30 s (2 s when
 * healthy, 27 s under full back pressure, 2 min timeout), and 60 s of downtime per rescale. A
 * trace's lag threshold is 5 minutes of its starting arrival rate.
 */
public final class Traces {

  public static final int PARTITIONS = 48;
  public static final double SUBTASK_CAPACITY = 1000;
  public static final int INITIAL_PARALLELISM = 4;
  private static final double BASE_RATE = 2000;
  private static final long MINUTE = 60;
  private static final long HOUR = 3600;
  private static final Duration RESCALE_DOWNTIME = Duration.ofSeconds(60);
  private static final Duration LAG_THRESHOLD = Duration.ofMinutes(5);

  private Traces() {}

  public static List<Trace> all() {
    return List.of(step(), spike(), diurnal(), hotPartition(), checkpointFailuresInSpike(),
        slowDrift());
  }

  /** Arrivals jump 5x at 30 minutes and stay there. */
  public static Trace step() {
    return trace("step-5x", "2000/s, 10000/s from 30m", Duration.ofHours(2), 30 * MINUTE,
        s -> s < 30 * MINUTE ? BASE_RATE : 5 * BASE_RATE, Trace.SkewProfile.uniform(), healthy());
  }

  /** Arrivals jump 10x for 2 minutes at 30 minutes. */
  public static Trace spike() {
    return trace("spike-10x-2m", "2000/s, 20000/s from 30m to 32m", Duration.ofHours(2),
        30 * MINUTE, Traces::spikeRate, Trace.SkewProfile.uniform(), healthy());
  }

  /** A day compressed into one sine period: 1000/s at midnight, 7000/s at noon. */
  public static Trace diurnal() {
    return trace("diurnal-sine", "4000/s ± 3000/s over 24h", Duration.ofHours(24), 0,
        s -> 4000 - 3000 * Math.cos(2 * Math.PI * s / (24.0 * HOUR)),
        Trace.SkewProfile.uniform(), healthy());
  }

  /** From 30 minutes one partition carries 45 % of a steady 2000/s. */
  public static Trace hotPartition() {
    double hotShare = 0.45;
    Trace.SkewProfile skew = (second, into) -> {
      if (second < 30 * MINUTE) {
        Trace.SkewProfile.uniform().shares(second, into);
        return;
      }
      Arrays.fill(into, (1 - hotShare) / (into.length - 1));
      into[0] = hotShare;
    };
    return trace("hot-partition", "2000/s, one partition 45% from 30m", Duration.ofHours(2),
        30 * MINUTE, s -> BASE_RATE, skew, healthy());
  }

  /** The 10x spike, while checkpoint storage fails from 27 to 36 minutes. */
  public static Trace checkpointFailuresInSpike() {
    CheckpointBehaviour outage = new CheckpointBehaviour(
        healthy().interval(), healthy().timeout(), healthy().baseDuration(),
        healthy().backPressuredDuration(),
        List.of(new CheckpointBehaviour.Outage(27 * MINUTE, 36 * MINUTE)));
    return trace("spike+checkpoint-failures", "the spike; checkpoints fail 27m-36m",
        Duration.ofHours(2), 30 * MINUTE, Traces::spikeRate, Trace.SkewProfile.uniform(), outage);
  }

  /** Arrivals grow steadily from 2000/s to 8000/s over 4 hours. */
  public static Trace slowDrift() {
    long length = 4 * HOUR;
    return trace("slow-drift", "2000/s rising to 8000/s over 4h", Duration.ofSeconds(length), 0,
        s -> BASE_RATE + 6000.0 * s / length, Trace.SkewProfile.uniform(), healthy());
  }

  private static double spikeRate(long second) {
    return second >= 30 * MINUTE && second < 32 * MINUTE ? 10 * BASE_RATE : BASE_RATE;
  }

  private static CheckpointBehaviour healthy() {
    return new CheckpointBehaviour(Duration.ofSeconds(30), Duration.ofMinutes(2),
        Duration.ofSeconds(2), Duration.ofSeconds(27), List.of());
  }

  private static Trace trace(String name, String summary, Duration length, long disturbance,
      Trace.RateProfile rate, Trace.SkewProfile skew, CheckpointBehaviour checkpoints) {
    return new Trace(name, summary, length, Duration.ofSeconds(disturbance), PARTITIONS,
        INITIAL_PARALLELISM, SUBTASK_CAPACITY, rate, skew, checkpoints, RESCALE_DOWNTIME,
        rate.at(0) * LAG_THRESHOLD.toSeconds());
  }
}
