package dev.sluice.autoscaler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.autoscaler.ScalingDecision.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnscheduledTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aGapIsOverdueOnlyAfterTheBoundWhileTheSameParallelismIsAskedFor() {
    Optional<Unscheduled> gap = Unscheduled.track(Optional.empty(), 4, 2, T0);
    gap = Unscheduled.track(gap, 4, 2, T0.plus(Duration.ofMinutes(4)));
    assertFalse(gap.orElseThrow().overdue(T0.plus(Duration.ofMinutes(4))));

    Optional<Unscheduled> later = Unscheduled.track(gap, 4, 2, T0.plus(Duration.ofMinutes(6)));
    assertTrue(later.orElseThrow().overdue(T0.plus(Duration.ofMinutes(6))));

    // Asking for another parallelism, or getting it, starts afresh.
    assertEquals(T0.plus(Duration.ofMinutes(6)),
        Unscheduled.track(gap, 8, 2, T0.plus(Duration.ofMinutes(6))).orElseThrow().since());
    assertTrue(Unscheduled.track(gap, 4, 4, T0.plus(Duration.ofMinutes(6))).isEmpty());
  }

  @Test
  void theMessageNamesTheGapAndThePendingPodsReason() {
    Unscheduled gap = new Unscheduled(4, 2, T0);

    String message = gap.message(T0.plus(Duration.ofMinutes(7)),
        Optional.of("Unschedulable: 0/1 nodes are available: 1 Insufficient cpu"));

    assertTrue(message.startsWith("desired parallelism 4 is not scheduled after 7m: the job runs"
        + " at 2; task manager pods are Pending: Unschedulable: 0/1 nodes are available: 1"
        + " Insufficient cpu."), message);
    assertTrue(message.contains("asks for no more than 2"), message);
  }

  @Test
  void scaleUpsAboveWhatTheClusterGivesHoldOrAreCapped() {
    ScalingDecision up = ScalingDecision.rescale(2, 8, "scale-up 2 → 8: need 7.1 subtasks")
        .withEvidence(new DecisionNumbers(5000, 0, 5000, 60, 1, 700, 7.1, 7.1, 7.1, -1, -1, 0, 8), false);

    ScalingDecision atCeiling = Unscheduled.capped(up, 2);
    ScalingDecision belowCeiling = Unscheduled.capped(up, 4);

    assertEquals(Action.HOLD, atCeiling.action());
    assertTrue(atCeiling.reason().contains("could not schedule more"), atCeiling.reason());
    assertEquals(5000.0, atCeiling.numbers().orElseThrow().arrivalRate());
    assertEquals(4, belowCeiling.targetParallelism());
    assertTrue(belowCeiling.reason().endsWith("capped at 4, the most the cluster gave lately"));
    ScalingDecision down = ScalingDecision.rescale(8, 2, "scale-down");
    assertEquals(down, Unscheduled.capped(down, 2));
  }
}
