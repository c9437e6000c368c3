package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.ObservationBuilder.observation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.autoscaler.ScalingDecision.Action;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EffectivenessTest {

  private final Autoscaler autoscaler = new Autoscaler(AutoscalerConfig.defaults(1, 48));

  /** Scales 6 → 12 at T0 for a job reading 1900/s of 2000/s with a hot subtask. */
  private AutoscalerHistory scaledUpForAHotSubtask() {
    Autoscaler.Evaluation up = autoscaler.evaluate(observation().parallelism(6).arrival(2000)
        .lag(100_000).processing(1900, 0.32, 1.0)
        .checkpoint(Duration.ofSeconds(5), Duration.ofSeconds(27), 0).build(),
        AutoscalerHistory.empty());
    assertEquals(Action.SCALE_UP, up.decision().action(), up.decision().reason());
    assertEquals(12, up.decision().targetParallelism());
    return up.history();
  }

  private ObservationBuilder at12(double throughput) {
    return observation().parallelism(12).arrival(2000).lag(150_000)
        .processing(throughput, 0.17, 1.0)
        .at(Duration.ofMinutes(11), Duration.ofMinutes(10))
        .checkpoint(Duration.ofSeconds(5), Duration.ofSeconds(27), 0);
  }

  @Test
  void aScaleUpThatDidNotHelpIsNotRepeatedWhileTheLagDoesNotGrow() {
    // Doubling the subtasks raised the throughput by 130/s: the hot partition stays on one.
    ScalingDecision decision =
        autoscaler.evaluate(at12(2030).build(), scaledUpForAHotSubtask()).decision();

    assertEquals(Action.HOLD, decision.action(), decision.reason());
    assertTrue(decision.reason().contains("raised the throughput by 130 of the"),
        decision.reason());
  }

  @Test
  void onceTheLagGrowsAgainTheNextStepIsTried() {
    ScalingDecision decision =
        autoscaler.evaluate(at12(1980).build(), scaledUpForAHotSubtask()).decision();

    assertEquals(Action.SCALE_UP, decision.action(), decision.reason());
  }

  @Test
  void aScaleUpThatHelpedIsFollowedWhenMoreIsNeeded() {
    // Evenly spread load: the 12 subtasks read 12000/s, far more than before; more arrive still.
    ScalingDecision decision = autoscaler.evaluate(observation().parallelism(12).arrival(11_900)
        .lag(3_000_000).processing(12_000, 1.0, 1.0)
        .at(Duration.ofMinutes(11), Duration.ofMinutes(10))
        .checkpoint(Duration.ofSeconds(5), Duration.ofSeconds(2), 0).build(),
        scaledUpForAHotSubtask()).decision();

    assertEquals(Action.SCALE_UP, decision.action(), decision.reason());
  }
}
