package dev.sluice.autoscaler.sim;

import dev.sluice.autoscaler.Rescale;
import dev.sluice.slo.SloEvaluation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How a run did against a lag objective, counted by a fresh {@link LagObjective} from the run's
 * timeline at every reporting interval: the lag each look saw, so a policy that heard the
 * objective and one that did not are measured alike.
 *
 * @param budgetSpent percentage of the error budget the run spent (the window before it was all
 *     good)
 * @param budgetLeft percentage of the budget left at the end of the run
 * @param sliBad time the objective counted bad
 * @param paging time the page condition held, counted by look
 * @param firstScaleUp from the trace's disturbance to the first scale-up after it, if any
 */
record SloScorecard(double budgetSpent, double budgetLeft, Duration sliBad, Duration paging,
    Optional<Duration> firstScaleUp) {

  static SloScorecard of(Trace trace, SimulationRun run, Supplier<LagObjective> fresh) {
    LagObjective objective = fresh.get();
    long every = Simulator.REPORT_INTERVAL.toSeconds();
    List<SimulationRun.Sample> timeline = run.timeline();
    SloEvaluation last = null;
    long paging = 0;
    // A look at second n sees the lag at the end of second n - 1.
    for (long now = every; now <= timeline.size(); now += every) {
      last = objective.observe(Simulator.at(now), timeline.get((int) now - 1).lag());
      paging += last.pages() ? every : 0;
    }
    double left = last.errorBudgetRemaining();
    Optional<Duration> firstScaleUp = run.rescales().stream()
        .filter(Rescale::up)
        .map(rescale -> Duration.between(Simulator.at(0).plus(trace.disturbanceAt()), rescale.at()))
        .filter(after -> !after.isNegative())
        .findFirst();
    return new SloScorecard(100 - left, left,
        Duration.ofSeconds(Math.round(last.window().bad())), Duration.ofSeconds(paging),
        firstScaleUp);
  }
}
