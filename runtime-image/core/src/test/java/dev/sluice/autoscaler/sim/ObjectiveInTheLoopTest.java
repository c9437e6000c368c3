package dev.sluice.autoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.autoscaler.ScalingDecision;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectiveInTheLoopTest {

  private static final String HOLDS_FOR_KEEPING_UP = "waits until the job cannot keep up";

  @Test
  void aPagingLagObjectiveScalesUpAtOnceAndSpendsLessOfItsBudget() {
    Trace trace = Traces.failureNearCapacity();
    SimulationRun deaf = run(trace, false);
    SimulationRun hearing = run(trace, true);
    SloScorecard without = SloScorecard.of(trace, deaf, () -> AutoscalerBenchmark.lagObjective(trace));
    SloScorecard with = SloScorecard.of(trace, hearing, () -> AutoscalerBenchmark.lagObjective(trace));

    // Without the objective, Sluice holds for keeping up while the lag is over the bound and pages.
    long over = deaf.decisions().stream()
        .filter(d -> d.decision().reason().contains(HOLDS_FOR_KEEPING_UP))
        .filter(d -> deaf.timeline().get((int) d.second() - 1).lag() > trace.lagThreshold())
        .count();
    assertTrue(over > 0, "no hold for keeping up while over the bound: " + reasons(deaf));
    assertTrue(without.paging().compareTo(Duration.ZERO) > 0);

    ScalingDecision firstUp = hearing.decisions().stream()
        .map(SimulationRun.TimedDecision::decision)
        .filter(d -> d.targetParallelism() > d.currentParallelism())
        .findFirst().orElseThrow();
    assertTrue(firstUp.reason().contains("burns its error budget at the page rate"), firstUp.reason());
    assertTrue(with.firstScaleUp().isPresent());
    assertTrue(without.firstScaleUp().isEmpty()
        || with.firstScaleUp().get().compareTo(without.firstScaleUp().get()) < 0);

    assertTrue(with.budgetSpent() < without.budgetSpent(),
        with.budgetSpent() + "% spent hearing the objective, " + without.budgetSpent() + "% without");
    assertTrue(with.sliBad().compareTo(without.sliBad()) < 0);
  }

  @Test
  void anObjectiveThatNeverPagesChangesNoDecision() {
    Trace trace = Traces.ramp();
    SimulationRun deaf = run(trace, false);
    SimulationRun hearing = run(trace, true);

    assertEquals(Duration.ZERO,
        SloScorecard.of(trace, hearing, () -> AutoscalerBenchmark.lagObjective(trace)).paging());
    assertTrue(deaf.rescales().size() > 0);
    assertEquals(decisions(deaf), decisions(hearing));
  }

  /** Sluice on {@code trace} beside the lag objective, hearing its page or not. */
  private static SimulationRun run(Trace trace, boolean hearing) {
    return Simulator.run(trace, AutoscalerBenchmark.sluiceBesideLagObjective(trace, hearing));
  }

  private static List<ScalingDecision> decisions(SimulationRun run) {
    return run.decisions().stream().map(SimulationRun.TimedDecision::decision).toList();
  }

  private static List<String> reasons(SimulationRun run) {
    return run.decisions().stream().map(d -> d.second() + ": " + d.decision().reason()).toList();
  }
}
