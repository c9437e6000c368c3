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
}
