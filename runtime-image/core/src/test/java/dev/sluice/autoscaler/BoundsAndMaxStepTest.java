package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.ObservationBuilder.observation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.autoscaler.ScalingDecision.Action;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BoundsAndMaxStepTest {

  private static ScalingDecision decide(AutoscalerConfig config, Observation observation) {
    return new Autoscaler(config).evaluate(observation, AutoscalerHistory.empty()).decision();
  }

  private static ScalingDecision decideAfterStabilisation(
      AutoscalerConfig config, ObservationBuilder load) {
    Autoscaler autoscaler = new Autoscaler(config);
    AutoscalerHistory history = AutoscalerHistory.empty();
    ScalingDecision decision = null;
    for (int minute = 0; minute <= 5; minute++) {
      Autoscaler.Evaluation evaluation =
          autoscaler.evaluate(load.at(Duration.ofMinutes(minute)).build(), history);
      history = evaluation.history();
      decision = evaluation.decision();
    }
    return decision;
  }

  @Test
  void neverAboveTheConfiguredMax() {
    ScalingDecision decision = decide(AutoscalerConfig.defaults(1, 10),
        observation().parallelism(4).arrival(10_000).lag(100_000).build());

    assertEquals(Action.SCALE_UP, decision.action());
    assertEquals(10, decision.targetParallelism());
  }

  @Test
  void neverAboveThePartitionCount() {
    ScalingDecision decision = decide(AutoscalerConfig.defaults(1, 48),
        observation().partitions(12).parallelism(4).arrival(20_000).lag(100_000).build());

    assertEquals(12, decision.targetParallelism());
    assertEquals(true, decision.reason().contains("12 partitions"), decision.reason());
  }

  @Test
  void neverBelowTheConfiguredMin() {
    ScalingDecision decision = decideAfterStabilisation(AutoscalerConfig.defaults(6, 48),
        observation().parallelism(16).arrival(100));

    assertEquals(Action.SCALE_DOWN, decision.action());
    assertEquals(6, decision.targetParallelism());
  }

  @Test
  void aScaleUpMovesAtMostTheMaxFactor() {
    Observation surge = observation().parallelism(2).arrival(30_000).lag(500_000).build();

    assertEquals(16, decide(AutoscalerConfig.defaults(1, 48), surge).targetParallelism());
    assertEquals(6, decide(AutoscalerConfig.defaults(1, 48).withMaxFactor(3), surge)
        .targetParallelism());
  }

  @Test
  void aScaleDownMovesAtMostTheMaxFactor() {
    ScalingDecision decision = decideAfterStabilisation(AutoscalerConfig.defaults(1, 48),
        observation().parallelism(48).arrival(500));

    assertEquals(Action.SCALE_DOWN, decision.action());
    assertEquals(6, decision.targetParallelism());
  }
}
