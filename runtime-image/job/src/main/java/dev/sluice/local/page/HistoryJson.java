package dev.sluice.local.page;

import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.ScalingDecisionStatus;
import dev.sluice.api.pipeline.ScalingHoldStatus;
import dev.sluice.api.slo.SloStatus;

import java.time.Instant;
import java.util.List;

/**
 * What {@code /api/history} answers. Times are seconds since the epoch, the charts' x axis; a
 * figure Flink has not reported yet is null, a gap in its line.
 *
 * <p>Each kind of resource the page charts has a list of its own here, and a section of its own
 * on the page.
 *
 * @param windowSeconds how far back the history goes
 */
public record HistoryJson(long windowSeconds, List<PipelineHistory> pipelines, List<ObjectiveHistory> objectives) {

  /**
   * One Pipeline's samples and scaling decisions, oldest first, and why the autoscaler last kept its
   * parallelism (null since a rescale, until it holds again).
   */
  public record PipelineHistory(String name, List<Sample> samples, List<Scaling> scalings, Hold lastHold) {
  }

  /** status.lastHold: the autoscaler's latest look that kept the parallelism, and why. */
  public record Hold(long time, int parallelism, String reason) {

    static Hold of(ScalingHoldStatus hold) {
      return hold == null ? null
          : new Hold(Instant.parse(hold.getTime()).getEpochSecond(), hold.getParallelism(), hold.getReason());
    }
  }

  /** The figures of one observation, as the status table shows them. */
  public record Sample(long time, Integer parallelism, Integer desiredParallelism, Long lagRecords,
      Double inputRecordsPerSecond, Long freshnessSeconds) {

    static Sample of(Instant at, PipelineStatus status) {
      var parallelism = status.getParallelism();
      return new Sample(at.getEpochSecond(),
          parallelism == null ? null : parallelism.getCurrent(),
          parallelism == null ? null : parallelism.getDesired(),
          status.getLag() == null ? null : status.getLag().getRecords(),
          status.getThroughput() == null ? null : status.getThroughput().getInputRecordsPerSecond(),
          status.getFreshnessSeconds());
    }
  }

  /** One ServiceLevelObjective's evaluations, oldest first, and its state at the latest. */
  public record ObjectiveHistory(String name, String target, String state, List<BudgetSample> samples) {
  }

  /** The figures of one evaluation, as the objectives' table shows them; null where not measured yet. */
  public record BudgetSample(long time, Double errorBudgetRemaining, Double sli) {

    static BudgetSample of(Instant at, SloStatus status) {
      return new BudgetSample(at.getEpochSecond(), status.getErrorBudgetRemaining(), status.getSli());
    }
  }

  /** A rescale the autoscaler decided: status.lastScaling each time it changes. */
  public record Scaling(long time, int from, int to, String reason) {

    static Scaling of(ScalingDecisionStatus decision) {
      return new Scaling(Instant.parse(decision.getTime()).getEpochSecond(), decision.getFrom(), decision.getTo(),
          decision.getReason());
    }
  }
}
