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
}
