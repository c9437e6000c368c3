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

  /** A job that needs more than 4 subtasks. */
  private static ObservationBuilder underProvisioned() {
    // 7000/s arrive where 4000/s are read: the lag grows slower than a restore's replay would.
    return observation().parallelism(4).arrival(7000).lag(100_000);
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
  void aLagGrowingFasterThanTheReplayDoesNotWaitForACheckpoint() {
    // 10000/s arrive where 4000/s are read: holding adds 6000 records a second to the lag, while
    // restoring the 3-minute-old checkpoint replays 4000 more for every second it ages.
    ScalingDecision decision = decide(observation().parallelism(4).arrival(10_000).lag(100_000)
        .checkpoint(Duration.ofMinutes(3), Duration.ofSeconds(2), 5).build());

    assertEquals(Action.SCALE_UP, decision.action(), decision.reason());
    assertTrue(decision.checkpointsFailing());
  }

  @Test
  void aScaleUpHeldBackKeepsItsDeadline() {
    Autoscaler autoscaler = new Autoscaler(AutoscalerConfig.defaults(1, 48));
    AutoscalerHistory history = AutoscalerHistory.empty();
    for (int minute = 0; minute <= 6; minute++) {
      history = autoscaler.evaluate(underProvisioned().at(Duration.ofMinutes(minute))
          .checkpoint(Duration.ofMinutes(3 + minute), Duration.ofSeconds(2), 3 + minute).build(),
          history).history();
    }
    // Checkpoints recover 7 minutes after the scale-up was first needed, past the 10m catch-up
    // time less 7m: the lag is cleared within the 3 minutes left, not another 10.
    ScalingDecision late = autoscaler.evaluate(underProvisioned().at(Duration.ofMinutes(7))
        .checkpoint(Duration.ofSeconds(10), Duration.ofSeconds(2), 0).build(), history).decision();
    ScalingDecision onTime = autoscaler.evaluate(underProvisioned().at(Duration.ofMinutes(7))
        .checkpoint(Duration.ofSeconds(10), Duration.ofSeconds(2), 0).build(),
        AutoscalerHistory.empty()).decision();

    assertEquals(Action.SCALE_UP, late.action(), late.reason());
    assertEquals(180.0, late.numbers().orElseThrow().catchUpSeconds());
    assertTrue(late.reason().contains("lagging over 3m"), late.reason());
    assertEquals(600.0, onTime.numbers().orElseThrow().catchUpSeconds());
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

  /** 8 subtasks for 2000/s, looked at every 15 s, with the latest checkpoint {@code age} old. */
  private static Observation overProvisioned(int second, Duration age) {
    return observation().at(Duration.ofSeconds(second)).parallelism(8).arrival(2000)
        .checkpoint(age, Duration.ofSeconds(2), 0).build();
  }

  /** The looks of the 5-minute stabilisation window before 300 s, none at a checkpoint's due time. */
  private AutoscalerHistory lowForTheWindow() {
    AutoscalerHistory history = AutoscalerHistory.empty();
    for (int second = 0; second < 300; second += 15) {
      Autoscaler.Evaluation evaluation =
          autoscaler.evaluate(overProvisioned(second, Duration.ofSeconds(14)), history);
      assertEquals(Action.HOLD, evaluation.decision().action(), evaluation.decision().reason());
      history = evaluation.history();
    }
    return history;
  }

  @Test
  void aScaleDownDecidedAsTheNextCheckpointIsDueDoesNotWaitForIt() {
    // At 300 s the latest checkpoint is 29 s old and the next completes 3 s later. The operator asks
    // for a checkpoint before it removes task managers (ScaleDownCheckpoint), so the restart replays
    // seconds whenever the scale-down is decided: waiting a look for the periodic one gains nothing.
    ScalingDecision decision =
        autoscaler.evaluate(overProvisioned(300, Duration.ofSeconds(29)), lowForTheWindow()).decision();

    assertEquals(Action.SCALE_DOWN, decision.action(), decision.reason());
    assertEquals(3, decision.targetParallelism());
  }

  @Test
  void aScaleUpDoesNotWaitForACheckpointBecauseFlinkAlignsItWithTheNext() {
    AutoscalerHistory history = autoscaler.evaluate(observation().parallelism(4).arrival(4000)
        .checkpoint(Duration.ofSeconds(14), Duration.ofSeconds(2), 0).build(),
        AutoscalerHistory.empty()).history();
    // 4200/s arriving for 4 subtasks, the next checkpoint 3 s away.
    ScalingDecision decision = autoscaler.evaluate(observation().at(Duration.ofSeconds(15))
        .parallelism(4).arrival(4200).lag(2000)
        .checkpoint(Duration.ofSeconds(29), Duration.ofSeconds(2), 0).build(), history).decision();

    assertEquals(Action.SCALE_UP, decision.action(), decision.reason());
  }

  @Test
  void slowCheckpointsOfAJobFullyBusyLeaveTheSizingToItsBusyTime() {
    // 6 subtasks fully busy for 6015/s with checkpoints slowed by back pressure: busy time sizes
    // 8.6 subtasks, and 8 run the arrivals within the band; the floor of full utilisation at the
    // target (6 / 0.7 = 8.6, rounded up to 12) adds nothing a fully busy job's sizing lacks.
    ScalingDecision decision = decide(observation().parallelism(6).arrival(6015).lag(400)
        .checkpoint(Duration.ofSeconds(29), Duration.ofSeconds(27), 0).build());

    assertEquals(Action.SCALE_UP, decision.action(), decision.reason());
    assertEquals(8, decision.targetParallelism(), decision.reason());
  }
}
