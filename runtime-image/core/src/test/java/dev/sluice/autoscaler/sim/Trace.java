package dev.sluice.autoscaler.sim;

import java.time.Duration;
import java.util.Arrays;

/**
 * A workload to simulate, second by second.
 *
 * @param disturbanceAt when the change the trace is about begins; recovery is measured from here
 * @param subtaskCapacity records per second one subtask processes when fully busy, at a second of
 *     the trace (the cost of a record is its inverse)
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
    Duration rescaleDowntime,
    double lagThreshold) {

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
