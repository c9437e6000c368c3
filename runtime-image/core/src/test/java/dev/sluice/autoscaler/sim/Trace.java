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
