package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.ObservationBuilder.observation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.autoscaler.ScalingDecision.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Subtasks that read 1000 records/s each. A rescale stops reading for the 1-minute restart and the
 * 2-s checkpoint it restores, so one whose checkpoint is restored at more than about 4839/s leaves
 * over 300 000 records waiting. Six subtasks under arrivals rising by 12 records/s a minute keep up
 * until about 5940/s; twelve under arrivals falling from 5400/s are too many from the start.
 */
class LagBoundTest {

  private static final LagBound BOUND = new LagBound("orders-lag", 300_000);
  private static final AutoscalerConfig CONFIG = AutoscalerConfig.defaults(1, 48);
  private static final int LOOKS = 100;
  /** Long enough for arrivals falling by 24 records/s a minute from 5400/s to reach 4839/s. */
  private static final int FALLING_LOOKS = 150;

  @Test
  void onRisingArrivalsTheTargetsScaleUpGoesAheadAtTheLastLookWhoseRestartFitsTheBound() {
    List<Look> bounded = run(Optional.of(BOUND), look -> 4700 + 3.0 * look);
    List<Look> unbounded = run(Optional.empty(), look -> 4700 + 3.0 * look);

    Look up = bounded.stream().filter(look -> look.decision().action() == Action.SCALE_UP).findFirst()
        .orElseThrow(() -> new AssertionError("no scale-up: " + bounded.get(LOOKS - 1).decision().reason()));
    ScalingDecision decision = up.decision();
    assertEquals(8, decision.targetParallelism(), decision.reason());
    // Restored a look after the decision at the rate then, the restart leaves at most the bound.
    double restoredAt = up.sustainedArrival() + 0.2 * (77 - 15);
    assertTrue(restoredAt * 62 <= 300_000 && (restoredAt + 0.2 * 15) * 62 > 300_000,
        "decided at " + up.sustainedArrival() + " rec/s: " + decision.reason());
    assertTrue(decision.reason().contains("one decided at the next look would leave"), decision.reason());
    assertTrue(decision.reason().contains("above ServiceLevelObjective orders-lag's bound of 300000 records"),
        decision.reason());
    assertTrue(decision.reason().contains("the 70% target would take 8"), decision.reason());
    assertTrue(unbounded.stream().allMatch(look -> look.decision().action() == Action.HOLD),
        "without a bound the job keeps up and holds: " + unbounded.get(LOOKS - 1).decision().reason());
  }

  @Test
  void aFlatLoadAtTheSameRateIsNotHurried() {
    List<Look> flat = run(Optional.of(BOUND), look -> 4850);

    assertTrue(flat.stream().allMatch(look -> look.decision().action() == Action.HOLD),
        flat.get(LOOKS - 1).decision().reason());
  }

  @Test
  void aRestartThatCannotFitAnyMoreIsLeftToTheKeepUpTrigger() {
    // From 5000/s a restart leaves over 310 000 records whenever it comes.
    List<Look> late = run(Optional.of(BOUND), look -> 5000 + 3.0 * look);

    assertTrue(late.stream().allMatch(look -> look.decision().action() == Action.HOLD),
        late.get(LOOKS - 1).decision().reason());
  }

  @Test
  void onFallingArrivalsAScaleDownWaitsUntilItsRestartFitsTheBound() {
    List<Look> bounded = run(Optional.of(BOUND), 12, FALLING_LOOKS, look -> 5400 - 6.0 * look);
    List<Look> unbounded = run(Optional.empty(), 12, FALLING_LOOKS, look -> 5400 - 6.0 * look);

    Look down = scaleDown(bounded);
    assertTrue(down.sustainedArrival() * 62 <= 300_000, "decided at " + down.sustainedArrival() + " rec/s: "
        + down.decision().reason());
    ScalingDecision waited = bounded.get(bounded.size() - 2).decision();
    assertEquals(Action.HOLD, waited.action());
    assertTrue(waited.reason().startsWith("scale-down to 8 waits while the arrivals fall by 24 rec/s a minute"),
        waited.reason());
    assertTrue(waited.reason().contains("above ServiceLevelObjective orders-lag's bound of 300000 records"),
        waited.reason());
    Look early = scaleDown(unbounded);
    assertTrue(early.sustainedArrival() * 62 > 300_000, "without a bound the scale-down does not wait for its"
        + " restart to fit: decided at " + early.sustainedArrival() + " rec/s");
  }

  @Test
  void onAFlatLoadAScaleDownThatBreaksTheBoundGoesAhead() {
    // Waiting gains nothing when the arrivals stay where they are: its restart never fits.
    Look down = scaleDown(run(Optional.of(BOUND), 12, FALLING_LOOKS, look -> 5200));

    assertTrue(down.sustainedArrival() * 62 > 300_000, down.decision().reason());
  }

  @Test
  void aBoundNeedsARecord() {
    assertThrows(IllegalArgumentException.class, () -> new LagBound("orders-lag", 0));
    assertFalse(BOUND.lastLookThatFits(0, 4000, ArrivalTrend.FLAT, Duration.ofSeconds(77),
        Duration.ofSeconds(15), Duration.ofSeconds(62)).isPresent(), "no rise, no last look");
  }

  private record Look(double sustainedArrival, ScalingDecision decision) {}

  private static Look scaleDown(List<Look> looks) {
    Look last = looks.get(looks.size() - 1);
    assertEquals(Action.SCALE_DOWN, last.decision().action(), last.decision().reason());
    return last;
  }

  private static List<Look> run(Optional<LagBound> bound, IntToDoubleFunction arrivals) {
    return run(bound, 6, LOOKS, arrivals);
  }

  /** A look every 15 s at the rate {@code arrivals} gives for its index, stopping at a rescale. */
  private static List<Look> run(Optional<LagBound> bound, int parallelism, int count, IntToDoubleFunction arrivals) {
    Autoscaler autoscaler = new Autoscaler(CONFIG, Optional.empty(), bound);
    AutoscalerHistory history = AutoscalerHistory.empty();
    List<Look> looks = new ArrayList<>();
    for (int look = 0; look < count; look++) {
      Autoscaler.Evaluation evaluation = autoscaler.evaluate(observation().parallelism(parallelism)
          .arrival(arrivals.applyAsDouble(look)).at(Duration.ofSeconds(15L * look)).build(), history);
      looks.add(new Look(evaluation.history().sustainedArrival(), evaluation.decision()));
      history = evaluation.history();
      if (evaluation.decision().action() != Action.HOLD) {
        break;
      }
    }
    return looks;
  }
}
