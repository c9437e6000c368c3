package dev.sluice.autoscaler.sim;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A workload to simulate, second by second.
 *
 * @param disturbanceAt when the change the trace is about begins; recovery is measured from here
 * @param subtaskCapacity records per second one subtask processes when fully busy, at a second of
 *     the trace (the cost of a record is its inverse)
 * @param failures when the job fails and restarts from its latest completed checkpoint
 * @param rescaleDowntime how long a rescale stops all processing
 * @param lagThreshold lag in records under which the pipeline counts as recovered
 */
public record Trace(
    String name,
    String summary,
    Duration length,
    Duration disturbanceAt,
    int partitions,
    int initialParallelism,
    RateProfile subtaskCapacity,
    RateProfile arrivalRate,
    SkewProfile skew,
    CheckpointBehaviour checkpoints,
    List<JobFailure> failures,
    Duration rescaleDowntime,
    double lagThreshold) {

  public Trace {
    failures = List.copyOf(failures);
  }

  /**
   * The same workload {@code seconds} later against the checkpoint schedule, which starts at second
   * 0 whatever the load does: the load of second 0 carries on until then, and everything after it
   * (the disturbance, failures, checkpoint outages) comes that much later. The length stays.
   */
  public Trace delayedBy(long seconds) {
    CheckpointBehaviour delayedCheckpoints = new CheckpointBehaviour(checkpoints.interval(),
        checkpoints.timeout(), checkpoints.baseDuration(), checkpoints.backPressuredDuration(),
        checkpoints.outages().stream()
            .map(o -> new CheckpointBehaviour.Outage(o.from() + seconds, o.until() + seconds)).toList());
    return new Trace(name, summary, length, disturbanceAt.plusSeconds(seconds), partitions,
        initialParallelism, s -> subtaskCapacity.at(Math.max(0, s - seconds)),
        s -> arrivalRate.at(Math.max(0, s - seconds)),
        (s, into) -> skew.shares(Math.max(0, s - seconds), into), delayedCheckpoints,
        failures.stream().map(f -> new JobFailure(f.at() + seconds, f.downtime())).toList(),
        rescaleDowntime, lagThreshold);
  }

  /** The same workload, counted as recovered under another lag. */
  public Trace withLagThreshold(double records) {
    return new Trace(name, summary, length, disturbanceAt, partitions, initialParallelism, subtaskCapacity,
        arrivalRate, skew, checkpoints, failures, rescaleDowntime, records);
  }

  /** At second {@code at} of the trace the job fails; it processes nothing for {@code downtime}. */
  public record JobFailure(long at, Duration downtime) {}

  /** Records per second arriving, summed over partitions, at a second of the trace. */
  @FunctionalInterface
  public interface RateProfile {
    double at(long second);
  }

  /** Each partition's share of the arrivals at a second of the trace; the shares sum to 1. */
  @FunctionalInterface
  public interface SkewProfile {
    void shares(long second, double[] into);

    static SkewProfile uniform() {
      return (second, into) -> Arrays.fill(into, 1.0 / into.length);
    }
  }
}
