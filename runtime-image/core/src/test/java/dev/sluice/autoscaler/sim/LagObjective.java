package dev.sluice.autoscaler.sim;

import dev.sluice.api.pipeline.LagStatus;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.slo.Indicator;
import dev.sluice.api.slo.SloSpec;
import dev.sluice.api.slo.TargetRef;
import dev.sluice.slo.Bucket;
import dev.sluice.slo.Budgeting;
import dev.sluice.slo.HistorySnapshot;
import dev.sluice.slo.SliSources;
import dev.sluice.slo.SloEvaluation;
import dev.sluice.slo.SloPolicy;
import dev.sluice.slo.SloTracker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A ServiceLevelObjective on the simulated pipeline's lag in records, counted by the operator's own
 * SLO code: each look's lag becomes the Pipeline status the operator writes, {@link SliSources}
 * reads it as the SLO reconciler does, and {@link SloTracker} counts and evaluates it. A bound in
 * records sets no catch-up time (only freshness and lag.maxDelay do), so the autoscaler keeps its
 * own; it bounds the backlog a rescale's restart may leave. The window before the trace counts as
 * all good: the figures are those of a pipeline that was healthy until the trace began, not of an
 * SLO created with it, whose first bad minute would exhaust a budget measured over the few minutes
 * counted so far.
 */
final class LagObjective {

  static final String NAME = "events-lag";

  private final SloSpec spec;
  private final SloTracker tracker;
  private final long maxRecords;

  /**
   * @param objective percentage of the window with the lag at most {@code maxRecords}
   * @param window the SLO's window, as the spec writes it (such as 7d)
   * @param interval how often the lag is looked at
   */
  LagObjective(long maxRecords, double objective, String window, Duration interval) {
    this.maxRecords = maxRecords;
    this.spec = new SloSpec(new TargetRef("Pipeline", "events"),
        new Indicator(null, new Indicator.Lag(maxRecords, null), null, null, null, null),
        objective, window, null);
    SloPolicy policy = SloPolicy.of(spec);
    long start = Simulator.at(0).getEpochSecond();
    long before = policy.window().toSeconds();
    Bucket allGood = new Bucket(start - before, start, before, before);
    this.tracker = SloTracker.restore(policy, SloTracker.maxGap(interval), new HistorySnapshot(
        Budgeting.TIME_SLICES, Simulator.at(0), List.of(allGood), Map.of()));
  }

  long maxRecords() {
    return maxRecords;
  }

  SloPolicy policy() {
    return tracker.policy();
  }

  /** Counts the lag seen at {@code now} and evaluates the objective then. */
  SloEvaluation observe(Instant now, double lag) {
    LagStatus lagStatus = new LagStatus();
    lagStatus.setRecords(Math.round(lag));
    PipelineStatus status = new PipelineStatus();
    status.setLag(lagStatus);
    tracker.record(now, SliSources.read(spec.indicator(), status, null, tracker.counters(), now));
    return tracker.evaluate(now);
  }
}
