package dev.sluice.autoscaler.sim;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The benchmark's workloads. All share one job shape: 48 source partitions, subtasks that process
 * 1000 records/s when fully busy (unless the trace changes it), an initial parallelism of 4
 * (unless the trace starts elsewhere), checkpoints every 30 s (2 s when
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
        slowDrift(), ramp(), noisyPlateau(), hourlyBatches(), stepDown(), beyondPartitions(),
        costlierRecords());
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

  /**
   * Arrivals ramp from 2000/s to 7000/s between 30 minutes and 1h30, then stay there (short of
   * any parallelism's exact capacity, where the smallest noise would make a lag that never drains).
   */
  public static Trace ramp() {
    return trace("ramp-1h", "2000/s, ramping to 7000/s from 30m to 1h30", Duration.ofHours(3),
        30 * MINUTE, s -> BASE_RATE + 5000.0 * Math.min(1, Math.max(0, s - 30.0 * MINUTE) / HOUR),
        Trace.SkewProfile.uniform(), healthy());
  }

  /**
   * A plateau of 3000/s whose every second is off by up to 40 % either way, with a new level every
   * 10 seconds (producers flushing in batches), on 8 subtasks: deployed at twice the size it needs,
   * as a team does ahead of a launch. The capacity the load does not need may be given back; the
   * noise must not move the parallelism again.
   */
  public static Trace noisyPlateau() {
    return noisyPlateau("noisy-plateau", 2 * INITIAL_PARALLELISM);
  }

  /**
   * The noisy plateau on 4 subtasks, the only right size (75 % busy; 3 would run 100 % busy on
   * average). No policy can do better than hold there, so it is a control, not one of {@link
   * #all()}: it shows that noise alone moves no parallelism.
   */
  public static Trace noisyPlateauAtItsSize() {
    return noisyPlateau("noisy-plateau-at-its-size", INITIAL_PARALLELISM);
  }

  private static Trace noisyPlateau(String name, int initialParallelism) {
    double[] levels = new double[3 * (int) HOUR / 10 + 1];
    Random random = new Random(42);
    for (int i = 0; i < levels.length; i++) {
      levels[i] = 3000 * (1 + 0.4 * (2 * random.nextDouble() - 1));
    }
    return trace(name, "3000/s ± 40% noise in 10s steps, on " + initialParallelism + " subtasks",
        Duration.ofHours(3), 0, initialParallelism, s -> SUBTASK_CAPACITY,
        s -> levels[(int) (s / 10)], Trace.SkewProfile.uniform(), healthy());
  }

  /** 2000/s, and at the top of every hour a batch of 2.4M records lands within a minute. */
  public static Trace hourlyBatches() {
    return trace("hourly-batches", "2000/s + 40000/s for 1m at every full hour",
        Duration.ofHours(4), HOUR, s -> BASE_RATE + (s >= HOUR && s % HOUR < MINUTE ? 40_000 : 0),
        Trace.SkewProfile.uniform(), healthy());
  }

  /** 10000/s on 16 subtasks, dropping to 2000/s at 30 minutes: how soon capacity is given back. */
  public static Trace stepDown() {
    return trace("step-down-5x", "10000/s on 16 subtasks, 2000/s from 30m", Duration.ofHours(3),
        30 * MINUTE, 16, s -> SUBTASK_CAPACITY, s -> s < 30 * MINUTE ? 5 * BASE_RATE : BASE_RATE,
        Trace.SkewProfile.uniform(), healthy());
  }

  /**
   * 60000/s from 30 minutes to 1 hour: more than the 48 partitions' 48 subtasks can read, so no
   * policy recovers before the load drops; what remains is how fast and how cheaply.
   */
  public static Trace beyondPartitions() {
    return trace("beyond-partitions", "2000/s, 60000/s from 30m to 1h (48 partitions)",
        Duration.ofHours(2), 30 * MINUTE,
        s -> s >= 30 * MINUTE && s < HOUR ? 30 * BASE_RATE : BASE_RATE,
        Trace.SkewProfile.uniform(), healthy());
  }

  /** A steady 2500/s whose records cost twice as much from 30 minutes (an enrichment call). */
  public static Trace costlierRecords() {
    return trace("costlier-records", "2500/s; each record costs twice as much from 30m",
        Duration.ofHours(2), 30 * MINUTE, INITIAL_PARALLELISM,
        s -> s < 30 * MINUTE ? SUBTASK_CAPACITY : SUBTASK_CAPACITY / 2, s -> 2500,
        Trace.SkewProfile.uniform(), healthy());
  }

  /**
   * 3500/s on 4 subtasks, 87.5 % busy: above the 70 % target, yet keeping up. At 30m15s, 15 s after
   * a checkpoint, the job fails and restarts from it after 60 s. The lag threshold is the bound of
   * a lag objective, 60000 records (about 17 s of arrivals), far tighter than the backlog the
   * catch-up time allows: the job drains the backlog flat out, without a rescale, while the lag is
   * over the bound for minutes. Not in {@link #all()}: the benchmark runs it to compare Sluice with
   * and without the objective in the loop.
   */
  public static Trace failureNearCapacity() {
    long failure = 30 * MINUTE + 15;
    return new Trace("failure-near-capacity",
        "3500/s on 4 subtasks; the job fails at 30m15s and is down for 60s", Duration.ofHours(2),
        Duration.ofSeconds(failure), PARTITIONS, INITIAL_PARALLELISM, s -> SUBTASK_CAPACITY,
        s -> 3500, Trace.SkewProfile.uniform(), healthy(),
        List.of(new Trace.JobFailure(failure, RESCALE_DOWNTIME)), RESCALE_DOWNTIME, 60_000);
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
    return trace(name, summary, length, disturbance, INITIAL_PARALLELISM, s -> SUBTASK_CAPACITY,
        rate, skew, checkpoints);
  }

  private static Trace trace(String name, String summary, Duration length, long disturbance,
      int initialParallelism, Trace.RateProfile capacity, Trace.RateProfile rate,
      Trace.SkewProfile skew, CheckpointBehaviour checkpoints) {
    return new Trace(name, summary, length, Duration.ofSeconds(disturbance), PARTITIONS,
        initialParallelism, capacity, rate, skew, checkpoints, List.of(), RESCALE_DOWNTIME,
        rate.at(0) * LAG_THRESHOLD.toSeconds());
  }
}
