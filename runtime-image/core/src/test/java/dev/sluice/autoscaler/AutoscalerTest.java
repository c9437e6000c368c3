package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.ObservationBuilder.observation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.autoscaler.ScalingDecision.Action;
import org.junit.jupiter.api.Test;

class AutoscalerTest {

  private final AutoscalerConfig config = AutoscalerConfig.defaults(1, 48);
  private final Observation overloaded =
      observation().parallelism(4).arrival(10_000).lag(100_000).build();

  @Test
  void scalesUpAtOnceWithTheReasonAndTheNumbers() {
    Autoscaler.Evaluation evaluation =
        new Autoscaler(config).evaluate(overloaded, AutoscalerHistory.empty());
    ScalingDecision decision = evaluation.decision();

    assertEquals(Action.SCALE_UP, decision.action());
    assertEquals(16, decision.targetParallelism());
    assertEquals(10_000 / 1000.0 / 0.7, decision.numbers().orElseThrow().requiredSubtasks(), 1e-9);
    assertEquals(16, decision.numbers().orElseThrow().targetParallelism());
    assertTrue(decision.reason().startsWith("scale-up 4 → 16: "), decision.reason());
    assertTrue(decision.reason().contains("10000 rec/s arriving"), decision.reason());
    assertEquals(16, evaluation.history().lastRescale().orElseThrow().to());
  }

  @Test
  void holdsWhenDisabled() {
    AutoscalerHistory history = AutoscalerHistory.empty();
    Autoscaler.Evaluation evaluation =
        new Autoscaler(config.withEnabled(false)).evaluate(overloaded, history);

    assertEquals(Action.HOLD, evaluation.decision().action());
    assertSame(history, evaluation.history());
  }

  @Test
  void holdsWhileTheJobIsNotRunning() {
    ScalingDecision decision = new Autoscaler(config).evaluate(
        observation().parallelism(4).arrival(10_000).lag(100_000).notRunning().build(),
        AutoscalerHistory.empty()).decision();

    assertEquals(Action.HOLD, decision.action());
  }

  @Test
  void holdsWithinTarget() {
    ScalingDecision decision = new Autoscaler(config).evaluate(
        observation().parallelism(4).arrival(2500).build(), AutoscalerHistory.empty()).decision();

    assertEquals(Action.HOLD, decision.action());
    assertTrue(decision.reason().startsWith("within target"), decision.reason());
  }

  @Test
  void theSameInputsGiveTheSameDecision() {
    Autoscaler autoscaler = new Autoscaler(config);

    assertEquals(autoscaler.evaluate(overloaded, AutoscalerHistory.empty()),
        autoscaler.evaluate(overloaded, AutoscalerHistory.empty()));
  }

  @Test
  void rejectsAnInconsistentConfig() {
    assertThrows(IllegalArgumentException.class, () -> AutoscalerConfig.defaults(8, 4));
    assertThrows(IllegalArgumentException.class, () -> config.withMaxFactor(1));
  }
}
