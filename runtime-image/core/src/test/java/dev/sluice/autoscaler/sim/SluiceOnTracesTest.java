package dev.sluice.autoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.autoscaler.Rescale;
import dev.sluice.autoscaler.ScalingDecision;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SluiceOnTracesTest {

  @Test
  void recoversFromTheStepWithoutFlapping() {
    Trace step = Traces.step();
    SimulationRun run = Simulator.run(step, AutoscalerBenchmark.sluice());
    Scorecard score = Scorecard.of(step, run);

    List<SimulationRun.Sample> timeline = run.timeline();
    assertTrue(timeline.get(timeline.size() - 1).lag() < step.lagThreshold());
    // At least four times as fast as Flink's policy. How fast depends on the checkpoints' phase when
    // the step comes: a back-pressured checkpoint in flight as Flink's stabilisation ends delays the
    // rescale by its duration (5m38s here, 3m27s to 6m1s as the step moves over one interval).
    Duration flinks = Scorecard.of(step, Simulator.run(step, new FlinkDefaultsPolicy())).recovery().orElseThrow();
    assertTrue(score.recovery().orElseThrow().multipliedBy(4).compareTo(flinks) < 0,
        "recovered after " + score.recovery() + ", Flink's policy after " + flinks);
    assertEquals(0, score.flaps());
  }

  @Test
  void rescalesFromAStaleCheckpointOnlyWhileTheLagOutgrowsTheReplay() {
    Trace trace = Traces.checkpointFailuresInSpike();
    SimulationRun run = Simulator.run(trace, AutoscalerBenchmark.sluice());

    // Checkpoints fail from 27m; from 29m the latest completed one is older than the 2m bound.
    long staleFrom = 29 * 60;
    long healthyAgain = 36 * 60;
    for (SimulationRun.TimedDecision timed : run.decisions()) {
      ScalingDecision decision = timed.decision();
      if (timed.second() > staleFrom && timed.second() < healthyAgain && decision.targetParallelism() != decision.currentParallelism()) {
        double arrival = decision.numbers().orElseThrow().arrivalRate();
        double throughput = decision.numbers().orElseThrow().throughput();
        assertTrue(arrival > 2 * throughput, "rescaled at " + timed.second() + ": " + decision);
      }
    }
    assertTrue(run.decisions().stream()
        .filter(d -> d.second() > staleFrom && d.second() < healthyAgain)
        .map(SimulationRun.TimedDecision::decision)
        .anyMatch(d -> d.checkpointsFailing() && d.action() == ScalingDecision.Action.HOLD));
  }

  @Test
  void givesBackWhatTheNoisyPlateauDoesNotNeedOnceAndThenHolds() {
    Trace plateau = Traces.noisyPlateau();
    SimulationRun run = Simulator.run(plateau, AutoscalerBenchmark.sluice());

    // 3000/s on 8 subtasks: 6 run it at 50 % busy on average; 4 would at 75 %, above the target.
    assertEquals(List.of(new Rescale(Simulator.at(330), 8, 6)), run.rescales());
    assertEquals(0, Scorecard.of(plateau, run).timeOverThreshold().toSeconds());
    // What keeps it from 4 is the skew guard, at the looks where the band alone would allow 4.
    List<String> refusals = run.decisions().stream()
        .map(timed -> timed.decision().reason())
        .filter(reason -> reason.startsWith("load allows 4 but its busiest subtask would be"))
        .toList();
    assertTrue(refusals.size() > 0, "no refusal");
  }

  @Test
  void aLagObjectiveKeepsTheDiurnalRisesLastRestartWithinItsBoundAtEveryPhase() {
    // Without it Sluice's 6 -> 8 restarts at 5932/s: 60 s of arrivals alone are 356 000 records.
    for (long phase : AutoscalerBenchmark.PHASES) {
      Trace diurnal = Traces.diurnal().delayedBy(phase);
      SimulationRun declared = aheadOfFlinksWithTheObjective(diurnal, "phase " + phase);
      Scorecard mine = Scorecard.of(diurnal, declared);
      Scorecard undeclared = Scorecard.of(diurnal, Simulator.run(diurnal, AutoscalerBenchmark.sluice()));

      assertTrue(mine.timeOverThreshold().compareTo(undeclared.timeOverThreshold()) < 0,
          "phase " + phase + ": " + mine.timeOverThreshold() + " vs " + undeclared.timeOverThreshold());
      assertTrue(declared.decisions().stream().anyMatch(timed -> timed.decision().action()
          == ScalingDecision.Action.SCALE_UP && timed.decision().reason().contains(
              "above ServiceLevelObjective " + LagObjective.NAME + "'s bound of 300000 records")),
          "phase " + phase + ": no scale-up for the bound");
    }
  }

  @Test
  void aTighterLagObjectivesScaleDownsWaitOnTheFallUntilTheirRestartsFit() {
    // At 150 000 records even diurnal-sine's 8 -> 6 at 4198/s breaks the bound with its restart.
    for (long bound : AutoscalerBenchmark.TIGHTER_BOUNDS) {
      Trace diurnal = Traces.diurnal().withLagThreshold(bound);
      SimulationRun declared = aheadOfFlinksWithTheObjective(diurnal, "bound " + bound);

      assertEquals(Duration.ZERO, AutoscalerBenchmark.overOnTheFallingHalf(declared, bound), "bound " + bound);
      assertTrue(declared.decisions().stream().anyMatch(timed -> timed.decision().reason().startsWith(
          "scale-down to ") && timed.decision().reason().contains("waits while the arrivals fall")),
          "bound " + bound + ": no scale-down waited for the fall");
    }
  }

  /** Runs Sluice with the trace's threshold as its lag objective, asserting it ahead of Flink's policy. */
  private static SimulationRun aheadOfFlinksWithTheObjective(Trace trace, String label) {
    SimulationRun declared = Simulator.run(trace, AutoscalerBenchmark.sluiceWithLagObjective(trace));
    Scorecard mine = Scorecard.of(trace, declared);
    Scorecard flinks = Scorecard.of(trace, Simulator.run(trace, new FlinkDefaultsPolicy()));
    assertEquals("sluice ahead", AutoscalerBenchmark.verdict(flinks, mine), label + ": " + mine + " against " + flinks);
    return declared;
  }

  @Test
  void noiseAloneMovesNoParallelism() {
    Trace atItsSize = Traces.noisyPlateauAtItsSize();

    assertEquals(List.of(), Simulator.run(atItsSize, AutoscalerBenchmark.sluice()).rescales());
    assertEquals(List.of(), Simulator.run(atItsSize, new FlinkDefaultsPolicy()).rescales());
  }
}
