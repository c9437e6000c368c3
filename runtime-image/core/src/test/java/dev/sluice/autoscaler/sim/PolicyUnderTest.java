package dev.sluice.autoscaler.sim;

import dev.sluice.autoscaler.Observation;
import dev.sluice.autoscaler.ScalingDecision;

/**
 * A scaling policy as the simulator drives it: one observation per reporting interval in, one
 * decision out. Implementations may keep state between calls; the simulator creates a fresh
 * instance for every run.
 */
public interface PolicyUnderTest {

  String name();

  ScalingDecision decide(Observation observation);

  /**
   * How the policy reads the job's metrics: record rates from counters and busy time from Flink's
   * gauge at every look, unless the policy says otherwise.
   */
  default MetricsReporter.Readings readings() {
    return MetricsReporter.Readings.RECORD_COUNTERS;
  }

  /**
   * Whether a rescale the policy decides in this direction waits for the next completed checkpoint:
   * with Flink 2's adaptive scheduler, a job in reactive mode rescales onto task managers that
   * joined only once a checkpoint completes (or two failed, or three intervals passed), while task
   * managers removed fail the job over at once. Otherwise the job restarts at the decision, from
   * the latest completed checkpoint, as a job upgrade does.
   */
  default boolean waitsForCheckpoint(boolean up) {
    return false;
  }

  /**
   * Whether the policy's operator asks for a checkpoint once a rescale waiting for one may go
   * ahead ({@link dev.sluice.autoscaler.RescaleCheckpoint}), rather than waiting for the periodic one.
   */
  default boolean asksForRescaleCheckpoint() {
    return false;
  }

  /**
   * Whether the policy's operator asks for a checkpoint before a scale-down removes task managers,
   * and removes them once it is over ({@link dev.sluice.autoscaler.ScaleDownCheckpoint}), rather
   * than at the decision.
   */
  default boolean checkpointsBeforeScaleDown() {
    return false;
  }
}
