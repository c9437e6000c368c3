package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.JobStatus;
import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.RollbackStatus;
import dev.sluice.reconciler.Conditions;
import dev.sluice.reconciler.pipeline.scaling.ScalingTrouble;
import io.fabric8.kubernetes.api.model.Condition;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.sluice.reconciler.pipeline.PipelineReason.Healthy;
import static dev.sluice.reconciler.pipeline.PipelineReason.JobFailed;
import static dev.sluice.reconciler.pipeline.PipelineReason.JobManagerUnavailable;
import static dev.sluice.reconciler.pipeline.PipelineReason.JobRestarting;
import static dev.sluice.reconciler.pipeline.PipelineReason.Planned;
import static dev.sluice.reconciler.pipeline.PipelineReason.ReconcileFailed;
import static dev.sluice.reconciler.pipeline.PipelineReason.RolledBack;
import static dev.sluice.reconciler.pipeline.PipelineReason.SecretMissing;
import static dev.sluice.reconciler.pipeline.PipelineReconciler.DEGRADED;
import static dev.sluice.reconciler.pipeline.PipelineReconciler.PROGRESSING;
import static dev.sluice.reconciler.pipeline.PipelineReconciler.READY;
import static dev.sluice.reconciler.pipeline.PipelineReconciler.SPEC_VALID;

/**
 * The one place a Pipeline's conditions are computed: from the facts a reconcile gathered, and the
 * conditions before it, whose transition times carry over.
 */
final class PipelineConditions {

  /** Longer than a job manager takes to start and open its REST port, even on a busy node. */
  static final Duration JOB_MANAGER_START = Duration.ofSeconds(90);

  /** A job that failed and restarted within this long is Degraded, though it may be running again. */
  static final Duration RECENT_FAILURE = Duration.ofMinutes(5);

  /** What one reconcile found. */
  sealed interface Facts permits Refused, SecretsMissing, ReconcileFailed, Stepped {
  }

  /** The spec cannot run as it is; the user's fix is named in the message. */
  record Refused(PipelineReason reason, String message) implements Facts {
  }

  /** The plan is valid, but Secrets it names are missing. */
  record SecretsMissing(String message) implements Facts {
  }

  /** A failure that is not the user's; the reconcile is retried. */
  record ReconcileFailed(String message) implements Facts {
  }

  /**
   * A lifecycle step was taken.
   *
   * @param wantedPlanHash the plan the Pipeline asks for; Degraded while it is one that was rolled back
   * @param jobManagerDown how long the job manager has had no ready pod while no job answered, if
   *     longer than a start takes: then the job's last known status is stale, not healthy
   * @param scaling what the autoscaler finds wrong, if anything
   */
  record Stepped(Lifecycle.Step step, String wantedPlanHash, Optional<JobManagerDown> jobManagerDown,
      Optional<ScalingTrouble> scaling) implements Facts {
  }

  /** A job manager Deployment with no ready pod, for {@code duration}. */
  record JobManagerDown(String pipeline, String deployment, Duration duration) {
  }

  private PipelineConditions() {
  }

  static List<Condition> of(PipelineStatus status, Facts facts, long generation, Instant now) {
    List<Condition> before = status.getConditions();
    if (facts instanceof Refused refused) {
      return Conditions.with(before, SPEC_VALID, false, refused.reason(), refused.message(), generation, now);
    }
    if (facts instanceof SecretsMissing missing) {
      return Conditions.with(planned(before, generation, now), DEGRADED, true, SecretMissing, missing.message(),
          generation, now);
    }
    if (facts instanceof ReconcileFailed failed) {
      return Conditions.with(before, DEGRADED, true, ReconcileFailed, failed.message(), generation, now);
    }
    return stepped(status, (Stepped) facts, generation, now);
  }

  private static List<Condition> planned(List<Condition> before, long generation, Instant now) {
    return Conditions.with(before, SPEC_VALID, true, Planned, "the plan validated with Flink's planner", generation,
        now);
  }

  private static List<Condition> stepped(PipelineStatus status, Stepped facts, long generation, Instant now) {
    Lifecycle.Step step = facts.step();
    var conditions = planned(status.getConditions(), generation, now);
    boolean running = status.getPhase() == Phase.Running;
    boolean settled = running || status.getPhase() == Phase.Suspended;
    // After the step that started it, an upgrade or a deployment is observed until it runs: it is
    // still progressing, and says what it waits for rather than UpToDate.
    boolean waiting = !settled && step.action() == Lifecycle.Action.OBSERVE && status.getPhase() != null;
    conditions = Conditions.with(conditions, PROGRESSING, !settled,
        waiting ? PipelineReason.of(status.getPhase()) : step.action().reason(),
        waiting ? "waiting for the job to run: it is " + jobState(status) : step.reason(), generation, now);
    PipelineReason phase = status.getPhase() == null ? PipelineReason.Pending : PipelineReason.of(status.getPhase());
    conditions = Conditions.with(conditions, READY, running, phase,
        running ? "the job is running the current plan" : step.reason(), generation, now);
    if (facts.jobManagerDown().isPresent()) {
      JobManagerDown down = facts.jobManagerDown().get();
      String message = "the job manager (Deployment " + down.deployment() + ") has had no ready pod for "
          + down.duration().toSeconds() + "s and its REST API does not answer, so the job's status is stale: "
          + "see kubectl describe pod -l app.kubernetes.io/component=jobmanager,sluice.dev/pipeline=" + down.pipeline();
      conditions = Conditions.with(conditions, READY, false, JobManagerUnavailable, message, generation, now);
      return Conditions.with(conditions, DEGRADED, true, JobManagerUnavailable, message, generation, now);
    }
    if (status.getPhase() == Phase.Failed) {
      return Conditions.with(conditions, DEGRADED, true, JobFailed, "the Flink job failed: " + lastFailure(status),
          generation, now);
    }
    RollbackStatus rollback = status.getRollback();
    if (rollback != null && facts.wantedPlanHash().equals(rollback.getFromPlanHash())) {
      return Conditions.with(conditions, DEGRADED, true, RolledBack, rollback.getReason()
          + "; the Pipeline still asks for the plan that failed: fix the change and apply the Pipeline again",
          generation, now);
    }
    JobStatus job = status.getJob();
    if (job != null && job.getLastFailureTime() != null && status.getPhase() != Phase.Suspended
        && Instant.parse(job.getLastFailureTime()).plus(RECENT_FAILURE).isAfter(now)) {
      return Conditions.with(conditions, DEGRADED, true, JobRestarting, "the job failed at "
          + job.getLastFailureTime() + " and restarted (" + job.getRestarts() + " restarts so far): "
          + job.getLastFailure(), generation, now);
    }
    if (facts.scaling().isPresent()) {
      ScalingTrouble trouble = facts.scaling().get();
      return Conditions.with(conditions, DEGRADED, true, trouble.reason(), trouble.message(), generation, now);
    }
    return Conditions.with(conditions, DEGRADED, false, Healthy, "no known problem", generation, now);
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
