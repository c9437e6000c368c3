package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.ObservationBuilder.observation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.autoscaler.ScalingDecision.Action;
import java.time.Duration;
import java.util.Optional;
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
    // 14.3 subtasks at 70 % busy round up to 16; 12 run 10000/s at 83 % busy, within the band.
    assertEquals(12, decision.targetParallelism());
    assertEquals(10_000 / 1000.0 / 0.7, decision.numbers().orElseThrow().requiredSubtasks(), 1e-9);
    assertEquals(12, decision.numbers().orElseThrow().targetParallelism());
    assertTrue(decision.reason().startsWith("scale-up 4 → 12: "), decision.reason());
    assertTrue(decision.reason().contains("10000 rec/s arriving"), decision.reason());
    assertTrue(decision.reason().contains("12 instead of 16 run the arrivals at 83.3% busy"),
        decision.reason());
    assertEquals(12, evaluation.history().lastRescale().orElseThrow().to());
  }

  @Test
  void aScaleUpTakesTheFewestSubtasksThatRunTheArrivalsInTheBandWhileTheDataStaysFreshEnough() {
    // Records now cost 2 ms: 4 subtasks read 2000/s of 2500/s. 7.1 subtasks at 70 % round up to 8;
    // 6 run 2500/s at 83 % busy and the oldest record will have waited (22500 + 150000) / 2500 s.
    AutoscalerConfig fourMinutes = config.withCatchUpFromObjective(Duration.ofMinutes(5));
    ScalingDecision decision = new Autoscaler(fourMinutes).evaluate(observation().parallelism(4)
        .arrival(2500).lag(22_500).processing(2000, 1, 1).build(), AutoscalerHistory.empty())
        .decision();

    assertEquals(Action.SCALE_UP, decision.action(), decision.reason());
    assertEquals(6, decision.targetParallelism(), decision.reason());
    assertTrue(decision.reason().contains("6 instead of 8 run the arrivals at 83.3% busy"),
        decision.reason());
    assertTrue(decision.reason().contains("the oldest record will have waited 1m9s when the"
        + " restart ends, within the 4m catch-up time"), decision.reason());
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
        observation().parallelism(4).arrival(2600).build(), AutoscalerHistory.empty()).decision();

    assertEquals(Action.HOLD, decision.action());
    // The number the hold was decided on: 2600/s at 70 % busy.
    assertTrue(decision.reason().startsWith("holds at 4: "), decision.reason());
    assertTrue(decision.reason().contains("need 3.7 subtasks, which rounds up to 4"),
        decision.reason());
  }

  @Test
  void aHoldAtTheMinimumSaysTheMinimumKeepsIt() {
    // Seen on a pod: "holds at 2: within target: ... need 0.6 subtasks", and it never said why.
    AutoscalerConfig atLeastTwo = AutoscalerConfig.defaults(2, 48);
    ScalingDecision decision = new Autoscaler(atLeastTwo).evaluate(
        observation().parallelism(2).arrival(350).build(), AutoscalerHistory.empty()).decision();

    assertEquals(Action.HOLD, decision.action());
    assertTrue(decision.reason().contains("need 0.5 subtasks, which spec.parallelism.min raises"
        + " to 2"), decision.reason());
  }

  @Test
  void busierThanTheTargetButKeepingUpHolds() {
    // 3600/s on 4 subtasks is 90 % busy, above the band (6 subtasks), but 4 keep up.
    ScalingDecision decision = new Autoscaler(config).evaluate(
        observation().parallelism(4).arrival(3600).build(), AutoscalerHistory.empty()).decision();

    assertEquals(Action.HOLD, decision.action(), decision.reason());
    assertTrue(decision.reason().contains("need 3.6 of the 4 subtasks fully busy"),
        decision.reason());
  }

  @Test
  void aBurstOfOneLookDoesNotTriggerAScaleUpButASurgeDoes() {
    // 3000/s for 45 s, then a 15-second burst of 4300/s on 4 subtasks that read 4000/s.
    Autoscaler autoscaler = new Autoscaler(config);
    AutoscalerHistory history = AutoscalerHistory.empty();
    for (int look = 0; look < 3; look++) {
      history = autoscaler.evaluate(observation().parallelism(4).arrival(3000)
          .at(Duration.ofSeconds(15 * look)).build(), history).history();
    }
    ScalingDecision burst = autoscaler.evaluate(observation().parallelism(4).arrival(4300)
        .lag(4500).at(Duration.ofSeconds(45)).build(), history).decision();
    // A surge leaves a lag that grows by 6000 records a second.
    ScalingDecision surge = autoscaler.evaluate(observation().parallelism(4).arrival(10_000)
        .lag(90_000).at(Duration.ofSeconds(45)).build(), history).decision();

    assertEquals(Action.HOLD, burst.action(), burst.reason());
    assertTrue(burst.reason().contains("keeps up: the last minute's arrivals"), burst.reason());
    assertEquals(Action.SCALE_UP, surge.action(), surge.reason());
  }

  @Test
  void aSmoothlyRisingLoadScalesUpBeforeTheJobIsFullyBusy() {
    // Arrivals rise by 15 rec/s a minute on 4 subtasks that read 4000/s: the scale-up goes ahead
    // while they keep up, because a rescale decided a look later would restore a checkpoint
    // taken by a saturated job, slowed by back pressure.
    Autoscaler autoscaler = new Autoscaler(config);
    AutoscalerHistory rising = AutoscalerHistory.empty();
    Observation last = null;
    ScalingDecision decision = null;
    for (int look = 0; look <= 60; look++) {
      last = observation().parallelism(4).arrival(3800 + 0.25 * 15 * look)
          .at(Duration.ofSeconds(15 * look)).build();
      Autoscaler.Evaluation evaluation = autoscaler.evaluate(last, rising);
      rising = evaluation.history();
      decision = evaluation.decision();
      if (decision.action() == Action.SCALE_UP) {
        break;
      }
    }
    AutoscalerHistory flat = AutoscalerHistory.empty();
    for (int look = 0; look < 40; look++) {
      flat = autoscaler.evaluate(observation().parallelism(4).arrival(last.arrivalRate())
          .at(Duration.ofSeconds(15 * look)).build(), flat).history();
    }
    ScalingDecision steady = autoscaler.evaluate(last, flat).decision();

    assertEquals(Action.SCALE_UP, decision.action(), decision.reason());
    assertTrue(last.arrivalRate() < 4000 * Autoscaler.FULLY_BUSY, "arrivals " + last.arrivalRate());
    assertEquals(6, decision.targetParallelism(), decision.reason());
    assertTrue(decision.reason().contains("the arrivals rise by 15 rec/s a minute"), decision.reason());
    assertTrue(decision.reason().contains("as good as fully busy"), decision.reason());
    assertEquals(Action.HOLD, steady.action(), steady.reason());
  }

  @Test
  void aLookReadingFewRecordsDoesNotHoldAScaleDownOnBusyTimeSpentOnOtherWork() {
    // Seen on pods after an overload, with a 30-s catch-up time: 2 subtasks read 4 records/s and
    // were 27 % busy over a look (a transactional sink's commits), so a subtask that does 200
    // records/s read as 7.4, and the minute's restart backlog asked for 1.6 subtasks. The minute
    // before, they read 360 records/s at 5 ms a record.
    Autoscaler autoscaler = new Autoscaler(AutoscalerConfig.defaults(1, 2).withCatchUpTime(Duration.ofSeconds(30)));
    Observation quiet = observation().parallelism(2).arrival(4).processing(4, 0.27, 0.27)
        .at(Duration.ofSeconds(45)).build();
    AutoscalerHistory afterLoad = AutoscalerHistory.empty();
    AutoscalerHistory allQuiet = AutoscalerHistory.empty();
    for (int look = 0; look < 3; look++) {
      afterLoad = autoscaler.evaluate(observation().parallelism(2).arrival(360).processing(360, 0.9, 0.9)
          .at(Duration.ofSeconds(15 * look)).build(), afterLoad).history();
      allQuiet = autoscaler.evaluate(observation().parallelism(2).arrival(4).processing(4, 0.27, 0.27)
          .at(Duration.ofSeconds(15 * look)).build(), allQuiet).history();
    }

    ScalingDecision settling = autoscaler.evaluate(quiet, afterLoad).decision();
    ScalingDecision holding = autoscaler.evaluate(quiet, allQuiet).decision();

    assertTrue(settling.reason().startsWith("scale-down to 1 waits for the 5m stabilisation window"),
        settling.reason());
    assertTrue(settling.reason().contains("at the last minute's cost of 37.5 ms a record, not this look's 135"),
        settling.reason());
    assertTrue(holding.reason().startsWith("holds at 2: "), holding.reason());
  }

  @Test
  void anObjectiveBurningItsBudgetAtThePageRateScalesUpAJobThatStillKeepsUp() {
    // 3500/s on 4 subtasks that read 1000/s each: 88 % busy keeps up, the 70 % target needs more.
    Observation busy = observation().parallelism(4).arrival(3500).build();

    ScalingDecision calm = new Autoscaler(config).evaluate(busy, AutoscalerHistory.empty()).decision();
    ScalingDecision burning = new Autoscaler(config, Optional.of("orders-fresh"), Optional.empty())
        .evaluate(busy, AutoscalerHistory.empty()).decision();

    assertEquals(Action.HOLD, calm.action(), calm.reason());
    assertTrue(calm.reason().contains("waits until the job cannot keep up"), calm.reason());
    assertEquals(Action.SCALE_UP, burning.action(), burning.reason());
    assertTrue(burning.targetParallelism() > 4, burning.reason());
    assertTrue(burning.reason().contains("ServiceLevelObjective orders-fresh burns its error budget at the page"
        + " rate, so the scale-up does not wait until the job cannot keep up"), burning.reason());
  }

  @Test
  void aFullyBusyJobWhoseSourcesReportNoBacklogScalesUp() {
    // Seen on a MiniCluster: a Kafka source reported 0 pending records while its consumer group
    // lagged by a thousand; the only sign was a subtask busy 100 % of the time, look after look.
    Autoscaler autoscaler = new Autoscaler(AutoscalerConfig.defaults(1, 4));
    Autoscaler.Evaluation once = autoscaler.evaluate(observation().parallelism(1).partitions(4)
        .arrival(250).processing(250, 1.0, 1.0).build(), AutoscalerHistory.empty());
    ScalingDecision decision = autoscaler.evaluate(observation().parallelism(1).partitions(4)
        .arrival(250).processing(250, 1.0, 1.0).at(Duration.ofSeconds(2)).build(),
        once.history()).decision();

    assertEquals(Action.HOLD, once.decision().action(), "one fully busy look may be a burst");
    assertEquals(Action.SCALE_UP, decision.action(), decision.reason());
    assertEquals(2, decision.targetParallelism());
    assertTrue(decision.reason().contains("the backlog is unknown, not zero"), decision.reason());
  }

  @Test
  void aFullyBusyJobWhoseSourcesBacklogWasCheckedAsZeroKeepsUp() {
    // After a burst the busy time over the look reads 100 % while the backlog has just
    // drained; when the consumer groups confirm the zero, nothing hidden waits.
    Autoscaler autoscaler = new Autoscaler(AutoscalerConfig.defaults(1, 4));
    Autoscaler.Evaluation once = autoscaler.evaluate(observation().parallelism(1).partitions(4)
        .arrival(250).processing(250, 1.0, 1.0).lagChecked().build(), AutoscalerHistory.empty());
    ScalingDecision decision = autoscaler.evaluate(observation().parallelism(1).partitions(4)
        .arrival(250).processing(250, 1.0, 1.0).lagChecked().at(Duration.ofSeconds(2)).build(),
        once.history()).decision();

    assertEquals(Action.HOLD, decision.action(), decision.reason());
    assertFalse(decision.reason().contains("the backlog is unknown"), decision.reason());
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
