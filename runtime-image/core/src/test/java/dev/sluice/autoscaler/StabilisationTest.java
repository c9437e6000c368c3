package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.ObservationBuilder.observation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.autoscaler.ScalingDecision.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StabilisationTest {

  private final Autoscaler autoscaler = new Autoscaler(AutoscalerConfig.defaults(1, 48));

  /** Evaluates a parallelism-16 job once a minute with these arrival rates. */
  private List<ScalingDecision> everyMinute(double... arrivals) {
    AutoscalerHistory history = AutoscalerHistory.empty();
    List<ScalingDecision> decisions = new ArrayList<>();
    for (int minute = 0; minute < arrivals.length; minute++) {
      Observation observation = observation().parallelism(16).arrival(arrivals[minute])
          .at(Duration.ofMinutes(minute)).build();
      Autoscaler.Evaluation evaluation = autoscaler.evaluate(observation, history);
      history = evaluation.history();
      decisions.add(evaluation.decision());
    }
    return decisions;
  }

  @Test
  void scalesDownOnlyOnceTheLoadWasLowForTheWholeWindow() {
    List<ScalingDecision> decisions = everyMinute(2000, 2000, 2000, 2000, 2000, 2000);

    for (ScalingDecision early : decisions.subList(0, 5)) {
      assertEquals(Action.HOLD, early.action(), early.reason());
    }
    assertEquals(Action.SCALE_DOWN, decisions.get(5).action());
    assertEquals(3, decisions.get(5).targetParallelism());
  }

  @Test
  void scalesDownToTheHighestRecommendationWithinTheWindow() {
    List<ScalingDecision> decisions = everyMinute(5000, 2000, 2000, 2000, 2000, 2000);

    assertEquals(Action.SCALE_DOWN, decisions.get(5).action());
    // 5000/s at 70 % busy needs 7.1 subtasks (8); 6 run it at 83 % busy, within the band.
    assertEquals(6, decisions.get(5).targetParallelism());
  }

  @Test
  void aParallelismTheSkewGuardRefusedAtTheOldLoadIsNotScaledToWhenTheLoadDrops() {
    // 10000/s on 16: 12 run it at 83 % busy, within the band, but their busiest subtask would
    // exceed the 70 % target, so the guard holds 16. Then the load drops to 2000/s.
    List<ScalingDecision> decisions = everyMinute(
        10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 2000, 2000, 2000, 2000, 2000, 2000);

    decisions.subList(0, 11).forEach(d -> assertEquals(Action.HOLD, d.action(), d.reason()));
    assertEquals(Action.SCALE_DOWN, decisions.get(11).action());
    assertEquals(3, decisions.get(11).targetParallelism());
  }

  @Test
  void aMomentOfHighLoadRestartsTheWindow() {
    List<ScalingDecision> decisions =
        everyMinute(2000, 2000, 2000, 14_000, 2000, 2000, 2000, 2000, 2000, 2000);

    decisions.subList(0, 9).forEach(d -> assertEquals(Action.HOLD, d.action(), d.reason()));
    assertEquals(Action.SCALE_DOWN, decisions.get(9).action());
  }
}
