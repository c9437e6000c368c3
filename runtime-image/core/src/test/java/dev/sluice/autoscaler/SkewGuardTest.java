package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.ObservationBuilder.observation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.autoscaler.ScalingDecision.Action;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SkewGuardTest {

  @Test
  void evenLoadMayScaleDownAsFarAsTheAverageAllows() {
    // 16 subtasks at 12.5 % busy, 3 partitions each: 3 subtasks read 16 each at 67 %.
    Observation even = observation().parallelism(16).arrival(2000).build();

    assertEquals(3, SkewGuard.lowestSafe(even, 0.7));
  }

  @Test
  void aHotSubtaskKeepsTheParallelism() {
    Observation hot = observation().parallelism(16).arrival(2000)
        .processing(2000, 0.125, 0.9).build();

    assertEquals(16, SkewGuard.lowestSafe(hot, 0.7));
  }

  @Test
  void theAutoscalerDoesNotScaleDownIntoAHotPartition() {
    Autoscaler autoscaler = new Autoscaler(AutoscalerConfig.defaults(1, 48));
    AutoscalerHistory history = AutoscalerHistory.empty();
    ScalingDecision decision = null;
    for (int minute = 0; minute <= 6; minute++) {
      Autoscaler.Evaluation evaluation = autoscaler.evaluate(observation().parallelism(16)
          .arrival(2000).processing(2000, 0.125, 0.9).at(Duration.ofMinutes(minute)).build(),
          history);
      history = evaluation.history();
      decision = evaluation.decision();
      assertEquals(Action.HOLD, decision.action(), decision.reason());
    }
    assertTrue(decision.reason().contains("busiest subtask"), decision.reason());
  }

  @Test
  void aRefusalStatesHowBusyTheBusiestSubtaskWouldBe() {
    // 2150/s on 4, evenly: 3 run it at 71.7 % busy, within the band a scale-up may round to, but
    // above the 70 % target a scale-down may reach.
    Observation even = observation().parallelism(4).arrival(2150).build();
    assertEquals(0.717, SkewGuard.busiestAt(even, 3), 0.001);

    ScalingDecision decision = new Autoscaler(AutoscalerConfig.defaults(1, 48))
        .evaluate(even, AutoscalerHistory.empty()).decision();

    assertEquals(Action.HOLD, decision.action(), decision.reason());
    assertTrue(decision.reason().startsWith("load allows 3 but its busiest subtask would be 71.7%"
        + " busy there, above the 70% target"), decision.reason());
  }
}
