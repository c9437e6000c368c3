package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.ObservationBuilder.observation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.autoscaler.ScalingDecision.Action;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CooldownTest {

  private final Autoscaler autoscaler = new Autoscaler(AutoscalerConfig.defaults(1, 48));

  /** The history after scaling 4 → 16 at T0. */
  private AutoscalerHistory scaledUpAtT0() {
    Autoscaler.Evaluation up = autoscaler.evaluate(
        observation().parallelism(4).arrival(13_000).lag(100_000).build(),
        AutoscalerHistory.empty());
    assertEquals(16, up.decision().targetParallelism());
    return up.history();
  }

  private static ObservationBuilder runningAt16(int second) {
    return observation().parallelism(16)
        .at(Duration.ofSeconds(second), Duration.ofSeconds(second - 60));
  }

  @Test
  void aReversalInsideTheCooldownIsRefusedAndAllowedAfterIt() {
    AutoscalerHistory history = scaledUpAtT0();
    ScalingDecision lastInside = null;
    // The load drops right after the scale-up; stabilisation alone would allow a scale-down at 7m.
    for (int second = 120; second < 600; second += 15) {
      Autoscaler.Evaluation evaluation =
          autoscaler.evaluate(runningAt16(second).arrival(2000).build(), history);
      history = evaluation.history();
      lastInside = evaluation.decision();
      assertEquals(Action.HOLD, lastInside.action(), lastInside.reason());
    }
    assertTrue(lastInside.reason().contains("would reverse the scale-up 4 → 16"),
        lastInside.reason());

    ScalingDecision after =
        autoscaler.evaluate(runningAt16(600).arrival(2000).build(), history).decision();
    assertEquals(Action.SCALE_DOWN, after.action(), after.reason());
  }

  @Test
  void aFurtherScaleUpWaitsWhileThePreviousOneKeepsUp() {
    // 15000/s + 3M over 10m need 20 subtasks flat out, but 16 read more than arrives already.
    ScalingDecision decision = autoscaler.evaluate(
        runningAt16(150).arrival(15_000).lag(3_000_000).build(), scaledUpAtT0()).decision();

    assertEquals(Action.HOLD, decision.action());
    assertTrue(decision.reason().contains("keeps up"), decision.reason());
  }

  @Test
  void aFurtherScaleUpFollowsAtOnceWhenTheLagStillGrows() {
    ScalingDecision decision = autoscaler.evaluate(
        runningAt16(150).arrival(20_000).lag(500_000).build(), scaledUpAtT0()).decision();

    assertEquals(Action.SCALE_UP, decision.action(), decision.reason());
    // 20000/s: 24 subtasks run it at 83 % busy.
    assertEquals(24, decision.targetParallelism());
  }

  @Test
  void waitsForTheDecidedRescaleToTakeEffect() {
    Observation stillAt4 = observation().parallelism(4).arrival(10_000).lag(200_000)
        .at(Duration.ofSeconds(30)).build();

    ScalingDecision decision = autoscaler.evaluate(stillAt4, scaledUpAtT0()).decision();

    assertEquals(Action.HOLD, decision.action());
    assertTrue(decision.reason().contains("to take effect"), decision.reason());
  }
}
