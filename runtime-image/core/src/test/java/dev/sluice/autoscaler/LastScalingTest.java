package dev.sluice.autoscaler;

import dev.sluice.api.pipeline.ScalingDecisionStatus;
import dev.sluice.api.pipeline.ScalingHoldStatus;
import dev.sluice.autoscaler.AutoscalerConfig;
import dev.sluice.autoscaler.AutoscalerHistory;
import dev.sluice.autoscaler.Rescale;
import dev.sluice.autoscaler.ScalingDecision;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A rescale in status.lastScaling, and the autoscaler history an operator restart rebuilds from it. */
class LastScalingTest {

  private static final Instant AT = Instant.parse("2030-01-01T00:10:00.750Z");

  @Test
  void aRescaleIsRecordedWithTheNumbersBehindIt() {
    ScalingDecision decision = ScalingDecision.rescale(2, 6, "scale-up 2 → 6: lag").withEvidence(
        numbers(1_200.0, 310.5, 40_000.4, 6), false);
    AutoscalerConfig config = AutoscalerConfig.defaults(1, 8).withCatchUpTime(Duration.ofMinutes(3));

    ScalingDecisionStatus last = LastScaling.of(decision, config, AT, "scale-up 2 → 6: lag; catch-up time set by X");

    assertEquals("2030-01-01T00:10:00Z", last.getTime());
    assertEquals(2, last.getFrom());
    assertEquals(6, last.getTo());
    assertEquals("scale-up 2 → 6: lag; catch-up time set by X", last.getReason());
    assertEquals(1_200.0, last.getArrivalRate());
    assertEquals(310.5, last.getTrueProcessingRatePerSubtask());
    assertEquals(40_000L, last.getLagRecords());
    assertEquals(180L, last.getCatchUpSeconds());
    assertEquals(0.7, last.getTargetUtilization());
  }

  @Test
  void aHoldIsRecordedWithTheParallelismKeptAndWhy() {
    ScalingDecision decision = ScalingDecision.hold(2, "holds at 2: keeps up: need 1.8 of the 2 subtasks");

    ScalingHoldStatus hold = LastScaling.hold(decision, AT, decision.reason() + "; catch-up time set by X");

    assertEquals("2030-01-01T00:10:00Z", hold.getTime());
    assertEquals(2, hold.getParallelism());
    assertEquals("holds at 2: keeps up: need 1.8 of the 2 subtasks; catch-up time set by X", hold.getReason());
  }

  @Test
  void aSubtaskThatWasNeverBusyHasNoRateInStatus() {
    ScalingDecision decision = ScalingDecision.rescale(4, 1, "scale-down 4 → 1: idle").withEvidence(
        numbers(0.0, Double.POSITIVE_INFINITY, 0.0, 1), false);

    ScalingDecisionStatus last = LastScaling.of(decision, AutoscalerConfig.defaults(1, 8), AT, decision.reason());

    assertNull(last.getTrueProcessingRatePerSubtask());
    assertEquals(0L, last.getLagRecords());
  }

  @Test
  void anOperatorRestartRemembersTheLastRescaleForTheCooldown() {
    ScalingDecisionStatus last = new ScalingDecisionStatus();
    last.setTime("2030-01-01T00:10:00Z");
    last.setFrom(2);
    last.setTo(6);

    AutoscalerHistory history = LastScaling.history(last);

    assertEquals(new Rescale(Instant.parse("2030-01-01T00:10:00Z"), 2, 6), history.lastRescale().orElseThrow());
    assertTrue(history.lowerSince().isEmpty() && history.recent().isEmpty(),
        "what the load called for before the restart is gone");
    assertEquals(AutoscalerHistory.empty(), LastScaling.history(null));
    last.setTime("yesterday");
    assertEquals(AutoscalerHistory.empty(), LastScaling.history(last));
  }

  private static DecisionNumbers numbers(double arrivalRate, double subtaskTrueRate, double lag, int target) {
    return new DecisionNumbers(arrivalRate, lag, arrivalRate, 180, 0.5, subtaskTrueRate, 1, 1, 1, -1, -1, 0, target);
  }
}
