package dev.sluice.autoscaler.sim;

import dev.sluice.autoscaler.Observation;
import dev.sluice.autoscaler.ScalingDecision;

/** Never rescales: the cost and lag of doing nothing. */
public final class FixedPolicy implements PolicyUnderTest {

  @Override
  public String name() {
    return "fixed";
  }

  @Override
  public ScalingDecision decide(Observation observation) {
    return ScalingDecision.hold(observation.parallelism(), "fixed parallelism");
  }
}
