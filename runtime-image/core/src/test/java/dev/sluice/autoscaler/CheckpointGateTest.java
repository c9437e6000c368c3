package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.ObservationBuilder.observation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.autoscaler.ScalingDecision.Action;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckpointGateTest {

  private final Autoscaler autoscaler = new Autoscaler(AutoscalerConfig.defaults(1, 48));

  private ScalingDecision decide(Observation observation) {
    return autoscaler.evaluate(observation, AutoscalerHistory.empty()).decision();
  }

  /** A job that needs 16 subtasks instead of 4. */
  private static ObservationBuilder underProvisioned() {
    return observation().parallelism(4).arrival(10_000).lag(100_000);
  }

  @Test
  void aFreshCheckpointLetsTheRescaleGoAhead() {
    ScalingDecision decision = decide(underProvisioned()
        .checkpoint(Duration.ofSeconds(40), Duration.ofSeconds(2), 0).build());

    assertEquals(Action.SCALE_UP, decision.action());
    assertFalse(decision.checkpointsFailing());
  }

  @Test
  void aStaleCheckpointFirstSecuresStateWithASavepoint() {
    ScalingDecision decision = decide(underProvisioned()
        .checkpoint(Duration.ofMinutes(3), Duration.ofSeconds(2), 1).build());

    assertEquals(Action.TRIGGER_SAVEPOINT, decision.action());
    assertEquals(4, decision.targetParallelism());
    assertTrue(decision.reason().contains("3m old"), decision.reason());
  }

  @Test
  void aStaleCheckpointWithRepeatedFailuresHoldsAndIsFlagged() {
    ScalingDecision decision = decide(underProvisioned()
        .checkpoint(Duration.ofMinutes(3), Duration.ofSeconds(2), 3).build());

    assertEquals(Action.HOLD, decision.action());
    assertTrue(decision.checkpointsFailing());
    assertTrue(decision.reason().contains("3 checkpoints failed in a row"), decision.reason());
  }

  @Test
  void waitsForTheSavepointInProgress() {
    ScalingDecision decision = decide(underProvisioned()
        .checkpoint(Duration.ofMinutes(3), Duration.ofSeconds(2), 0).savepointInProgress()
        .build());

    assertEquals(Action.HOLD, decision.action());
    assertTrue(decision.reason().contains("savepoint"), decision.reason());
  }

  @Test
  void repeatedFailuresAreFlaggedEvenWithoutARescale() {
    ScalingDecision decision = decide(observation()
        .checkpoint(Duration.ofSeconds(50), Duration.ofSeconds(2), 4).build());

    assertEquals(Action.HOLD, decision.action());
    assertTrue(decision.checkpointsFailing());
    assertEquals(4, decision.numbers().orElseThrow().checkpointFailuresInRow());
  }

  /** A hot subtask holds the job back while the average busy time looks fine. */
  private static ObservationBuilder skewedAndFallingBehind(Duration checkpointDuration) {
    return observation().parallelism(8).arrival(5000).lag(100_000)
        .processing(4800, 0.6, 1.0)
        .checkpoint(Duration.ofSeconds(20), checkpointDuration, 0);
  }

  @Test
  void checkpointsSlowedByBackPressureCountAsUnderProvisioning() {
    assertEquals(Action.HOLD,
        decide(skewedAndFallingBehind(Duration.ofSeconds(2)).build()).action());

    ScalingDecision decision = decide(skewedAndFallingBehind(Duration.ofSeconds(27)).build());

    assertEquals(Action.SCALE_UP, decision.action(), decision.reason());
    // At least full utilisation's worth: 8 / 0.7 = 11.4, so 12.
    assertEquals(12, decision.targetParallelism());
  }

  @Test
  void slowCheckpointsWhileTheLagDrainsInTimeAreNotUnderProvisioning() {
    ScalingDecision decision = decide(observation().parallelism(8).arrival(5000).lag(100_000)
        .processing(6000, 0.75, 0.75)
        .checkpoint(Duration.ofSeconds(20), Duration.ofSeconds(27), 0).build());

    assertEquals(Action.HOLD, decision.action(), decision.reason());
  }
}
