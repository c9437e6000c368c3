package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.JobStatus;
import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.RollbackStatus;
import dev.sluice.reconciler.Conditions;
import dev.sluice.reconciler.pipeline.scaling.Autoscaling;
import io.fabric8.kubernetes.api.model.Condition;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The conditions of a Pipeline whose plan is valid, after a lifecycle step. */
final class PipelineConditions {

  static final String JOB_MANAGER_UNAVAILABLE = "JobManagerUnavailable";
  /** Longer than a job manager takes to start and open its REST port, even on a busy node. */
  static final Duration JOB_MANAGER_START = Duration.ofSeconds(90);

  /** A job manager Deployment with no ready pod, for {@code duration}. */
  record JobManagerDown(String pipeline, String deployment, Duration duration) {}

  /** A job that failed and restarted within this long is Degraded, though it may be running again. */
  static final Duration RECENT_FAILURE = Duration.ofMinutes(5);

  private PipelineConditions() {
  }

  /**
   * @param wantedPlanHash the plan the Pipeline asks for; Degraded while it is one that was rolled back
   * @param jobManagerDown how long the job manager has had no ready pod while no job answered, if
   *     longer than a start takes: then the job's last known status is stale, not healthy
   */
  static List<Condition> afterStep(PipelineStatus status, Lifecycle.Step step, String wantedPlanHash,
      Optional<JobManagerDown> jobManagerDown, long generation, Instant now) {
    var conditions = Conditions.with(status.getConditions(), PipelineReconciler.SPEC_VALID, true, "Planned",
        "the plan validated with Flink's planner", generation, now);
    boolean running = status.getPhase() == Phase.Running;
    boolean settled = running || status.getPhase() == Phase.Suspended;
    // After the step that started it, an upgrade or a deployment is observed until it runs: it is
    // still progressing, and says what it waits for rather than UpToDate.
    boolean waiting = !settled && step.action() == Lifecycle.Action.OBSERVE && status.getPhase() != null;
    conditions = Conditions.with(conditions, PipelineReconciler.PROGRESSING, !settled,
        waiting ? String.valueOf(status.getPhase()) : step.action().reason(),
        waiting ? "waiting for the job to run: it is " + jobState(status) : step.reason(), generation, now);
    conditions = Conditions.with(conditions, PipelineReconciler.READY, running, String.valueOf(status.getPhase()),
        running ? "the job is running the current plan" : step.reason(), generation, now);
    if (jobManagerDown.isPresent()) {
      JobManagerDown down = jobManagerDown.get();
      String message = "the job manager (Deployment " + down.deployment() + ") has had no ready pod for "
          + down.duration().toSeconds() + "s and its REST API does not answer, so the job's status is stale: "
          + "see kubectl describe pod -l app.kubernetes.io/component=jobmanager,sluice.dev/pipeline=" + down.pipeline();
      conditions = Conditions.with(conditions, PipelineReconciler.READY, false, JOB_MANAGER_UNAVAILABLE, message,
          generation, now);
      return Conditions.with(conditions, PipelineReconciler.DEGRADED, true, JOB_MANAGER_UNAVAILABLE, message,
          generation, now);
    }
    if (status.getPhase() == Phase.Failed) {
      return Conditions.with(conditions, PipelineReconciler.DEGRADED, true, "JobFailed",
          "the Flink job failed: " + lastFailure(status), generation, now);
    }
    RollbackStatus rollback = status.getRollback();
    if (rollback != null && wantedPlanHash.equals(rollback.getFromPlanHash())) {
      return Conditions.with(conditions, PipelineReconciler.DEGRADED, true, "RolledBack", rollback.getReason()
          + "; the Pipeline still asks for the plan that failed: fix the change and apply the Pipeline again",
          generation, now);
    }
    JobStatus job = status.getJob();
    if (job != null && job.getLastFailureTime() != null && status.getPhase() != Phase.Suspended
        && Instant.parse(job.getLastFailureTime()).plus(RECENT_FAILURE).isAfter(now)) {
      return Conditions.with(conditions, PipelineReconciler.DEGRADED, true, "JobRestarting", "the job failed at "
          + job.getLastFailureTime() + " and restarted (" + job.getRestarts() + " restarts so far): "
          + job.getLastFailure(), generation, now);
    }
    // The autoscaler raises and clears this one itself.
    boolean checkpointsFailing = Conditions.find(conditions, PipelineReconciler.DEGRADED)
        .filter(degraded -> Autoscaling.DEGRADED_REASONS.contains(degraded.getReason())).isPresent();
    if (checkpointsFailing) {
      return conditions;
    }
    return Conditions.with(conditions, PipelineReconciler.DEGRADED, false, "Healthy", "no known problem", generation,
        now);
  }

  private static String jobState(PipelineStatus status) {
    return status.getJob() == null || status.getJob().getState() == null ? "not reported yet"
        : status.getJob().getState();
  }

  private static String lastFailure(PipelineStatus status) {
    String failure = status.getJob() == null ? null : status.getJob().getLastFailure();
    return failure != null ? failure : "Flink gave no cause; see the job's exceptions in the Flink UI";
  }
}
