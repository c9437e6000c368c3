package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.reconciler.Conditions;
import dev.sluice.reconciler.pipeline.scaling.Autoscaling;
import io.fabric8.kubernetes.api.model.Condition;

import java.time.Instant;
import java.util.List;

/** The conditions of a Pipeline whose plan is valid, after a lifecycle step. */
final class PipelineConditions {

  private PipelineConditions() {
  }

  static List<Condition> afterStep(PipelineStatus status, Lifecycle.Step step, long generation, Instant now) {
    var conditions = Conditions.with(status.getConditions(), PipelineReconciler.SPEC_VALID, true, "Planned",
        "the plan validated with Flink's planner", generation, now);
    boolean running = status.getPhase() == Phase.Running;
    boolean settled = running || status.getPhase() == Phase.Suspended;
    conditions = Conditions.with(conditions, PipelineReconciler.PROGRESSING, !settled, step.action().reason(),
        step.reason(), generation, now);
    conditions = Conditions.with(conditions, PipelineReconciler.READY, running, String.valueOf(status.getPhase()),
        running ? "the job is running the current plan" : step.reason(), generation, now);
    boolean failed = status.getPhase() == Phase.Failed;
    boolean checkpointsFailing = Conditions.find(conditions, PipelineReconciler.DEGRADED)
        .filter(degraded -> Autoscaling.CHECKPOINTS_FAILING.equals(degraded.getReason())).isPresent();
    if (checkpointsFailing && !failed) {
      return conditions;
    }
    return Conditions.with(conditions, PipelineReconciler.DEGRADED, failed, failed ? "JobFailed" : "Healthy",
        failed ? "the Flink job failed; see its exceptions in the Flink UI" : "no known problem", generation, now);
  }
}
