package dev.sluice.autoscaler.sim;

import dev.sluice.autoscaler.Autoscaler;
import dev.sluice.autoscaler.AutoscalerConfig;
import dev.sluice.autoscaler.AutoscalerHistory;
import dev.sluice.autoscaler.Observation;
import dev.sluice.autoscaler.ScalingDecision;

/** Sluice's autoscaler, keeping its history between calls the way the operator will. */
public final class SluicePolicy implements PolicyUnderTest {

  private final Autoscaler autoscaler;
  private AutoscalerHistory history = AutoscalerHistory.empty();

  public SluicePolicy(AutoscalerConfig config) {
    this.autoscaler = new Autoscaler(config);
  }

  @Override
  public String name() {
    return "sluice";
  }

  @Override
  public ScalingDecision decide(Observation observation) {
    Autoscaler.Evaluation evaluation = autoscaler.evaluate(observation, history);
    history = evaluation.history();
    return evaluation.decision();
  }
}
