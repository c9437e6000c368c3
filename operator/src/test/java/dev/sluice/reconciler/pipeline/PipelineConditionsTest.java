package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.JobStatus;
import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.RollbackStatus;
import dev.sluice.reconciler.Conditions;
import dev.sluice.reconciler.pipeline.scaling.ScalingTrouble;
import io.fabric8.kubernetes.api.model.Condition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conditions from a reconcile's facts: the job's failure, the autoscaler's trouble, or a refusal. */
class PipelineConditionsTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final Lifecycle.Step OBSERVE = new Lifecycle.Step(Lifecycle.Action.OBSERVE, null, "up to date");
  private static final Optional<ScalingTrouble> CHECKPOINTS_FAILING = Optional.of(
      new ScalingTrouble(PipelineReason.CheckpointsFailing, "4 checkpoints failed in a row"));

  @Test
  void failingCheckpointsStayDegradedWhileTheJobRuns() {
    PipelineStatus status = running();
    status.setConditions(conditions(status, OBSERVE, "plan-a", Optional.empty(), CHECKPOINTS_FAILING, NOW));

    var conditions = conditions(status, OBSERVE, "plan-a", Optional.empty(), CHECKPOINTS_FAILING, NOW.plusSeconds(15));

    var degraded = Conditions.find(conditions, PipelineReconciler.DEGRADED).orElseThrow();
    assertEquals("CheckpointsFailing", degraded.getReason());
    assertEquals("True", degraded.getStatus());
    assertEquals(NOW.toString(), degraded.getLastTransitionTime(), "the transition time is kept while it holds");

    var recovered = conditions(status, OBSERVE, "plan-a", Optional.empty(), Optional.empty(), NOW.plusSeconds(30));
    assertEquals("Healthy", Conditions.find(recovered, PipelineReconciler.DEGRADED).orElseThrow().getReason());
  }

  @Test
  void aJobManagerDownWhileNoJobAnswersIsNotReadyAndDegradedThoughTheLastPhaseWasRunning() {
    var down = new PipelineConditions.JobManagerDown("counts", "counts-jobmanager", Duration.ofMinutes(3));

    var conditions = conditions(running(), OBSERVE, "plan-a", Optional.of(down), Optional.empty(), NOW);

    assertEquals("False", Conditions.find(conditions, PipelineReconciler.READY).orElseThrow().getStatus());
    var degraded = Conditions.find(conditions, PipelineReconciler.DEGRADED).orElseThrow();
    assertEquals("True", degraded.getStatus());
    assertEquals("JobManagerUnavailable", degraded.getReason());
    assertTrue(degraded.getMessage().contains("no ready pod for 180s"), degraded.getMessage());
  }

  @Test
  void anUpgradeObservedUntilItRunsIsProgressingWithItsPhaseNotUpToDate() {
    PipelineStatus status = running();
    status.setPhase(Phase.Upgrading);
    status.getJob().setState("INITIALIZING");

    var progressing = Conditions.find(conditions(status, OBSERVE, "plan-a", Optional.empty(), Optional.empty(),
        NOW), PipelineReconciler.PROGRESSING).orElseThrow();

    assertEquals("True", progressing.getStatus());
    assertEquals("Upgrading", progressing.getReason());
    assertEquals("waiting for the job to run: it is INITIALIZING", progressing.getMessage());
  }

  @Test
  void aFailedJobOutranksFailingCheckpoints() {
    PipelineStatus status = running();
    status.setPhase(Phase.Failed);
    status.getJob().setLastFailure("java.lang.NumberFormatException: For input string: 'x4'");

    var conditions = conditions(status, OBSERVE, "plan-a", Optional.empty(), CHECKPOINTS_FAILING, NOW.plusSeconds(15));

    var degraded = Conditions.find(conditions, PipelineReconciler.DEGRADED).orElseThrow();
    assertEquals("JobFailed", degraded.getReason());
    assertEquals("the Flink job failed: java.lang.NumberFormatException: For input string: 'x4'",
        degraded.getMessage(), "the cause a user can act on, not a pointer to the Flink UI");
  }

  @Test
  void aJobThatRestartedRecentlyIsDegradedWithItsCauseUntilItRunsFiveMinutesWithoutFailing() {
    PipelineStatus status = running();
    status.getJob().setRestarts(3L);
    status.getJob().setLastFailure("java.io.IOException: broker unreachable");
    status.getJob().setLastFailureTime(NOW.toString());

    var soon = Conditions.find(conditions(status, OBSERVE, "plan-a", Optional.empty(), Optional.empty(), NOW.plusSeconds(60)),
        PipelineReconciler.DEGRADED).orElseThrow();
    assertEquals("True", soon.getStatus());
    assertEquals("JobRestarting", soon.getReason());
    assertEquals("the job failed at 2030-01-01T00:00:00Z and restarted (3 restarts so far): "
        + "java.io.IOException: broker unreachable", soon.getMessage());

    var later = Conditions.find(conditions(status, OBSERVE, "plan-a", Optional.empty(), Optional.empty(),
        NOW.plus(PipelineConditions.RECENT_FAILURE).plusSeconds(1)), PipelineReconciler.DEGRADED).orElseThrow();
    assertEquals("Healthy", later.getReason());
  }

  @Test
  void withoutFailuresTheRunningPipelineIsHealthy() {
    var conditions = conditions(running(), OBSERVE, "plan-a", Optional.empty(), Optional.empty(), NOW);

    var degraded = Conditions.find(conditions, PipelineReconciler.DEGRADED).orElseThrow();
    assertEquals("False", degraded.getStatus());
    assertEquals("Healthy", degraded.getReason());
  }

  @Test
  void aRolledBackPlanIsDegradedUntilThePipelineAsksForAnother() {
    PipelineStatus status = running();
    RollbackStatus rollback = new RollbackStatus();
    rollback.setFromPlanHash("plan-b");
    rollback.setReason("plan plan-b failed; back to plan plan-a");
    status.setRollback(rollback);

    var stillWanted = Conditions.find(conditions(status, OBSERVE, "plan-b", Optional.empty(), Optional.empty(), NOW),
        PipelineReconciler.DEGRADED).orElseThrow();
    assertEquals("RolledBack", stillWanted.getReason());
    assertEquals("True", stillWanted.getStatus());
    var changed = Conditions.find(conditions(status, OBSERVE, "plan-c", Optional.empty(), Optional.empty(), NOW),
        PipelineReconciler.DEGRADED).orElseThrow();
    assertEquals("Healthy", changed.getReason());
  }

  @Test
  void theRefusalsOfAReconcileSetTheirConditionAndKeepTheOthers() {
    PipelineStatus status = running();
    status.setConditions(conditions(status, OBSERVE, "plan-a", Optional.empty(), Optional.empty(), NOW));

    var refused = PipelineConditions.of(status, new PipelineConditions.Refused(PipelineReason.InvalidSql,
        "spec.sql: no such column"), 2, NOW);
    var specValid = Conditions.find(refused, PipelineReconciler.SPEC_VALID).orElseThrow();
    assertEquals("False", specValid.getStatus());
    assertEquals("InvalidSql", specValid.getReason());
    assertEquals("True", Conditions.find(refused, PipelineReconciler.READY).orElseThrow().getStatus());

    var missing = PipelineConditions.of(status, new PipelineConditions.SecretsMissing("Secret kafka-auth is missing"),
        2, NOW);
    assertEquals("Planned", Conditions.find(missing, PipelineReconciler.SPEC_VALID).orElseThrow().getReason());
    assertEquals("SecretMissing", Conditions.find(missing, PipelineReconciler.DEGRADED).orElseThrow().getReason());

    var failed = PipelineConditions.of(status, new PipelineConditions.ReconcileFailed("API server unreachable"), 2,
        NOW);
    var degraded = Conditions.find(failed, PipelineReconciler.DEGRADED).orElseThrow();
    assertEquals("True", degraded.getStatus());
    assertEquals("ReconcileFailed", degraded.getReason());
  }

  private static List<Condition> conditions(PipelineStatus status,
      Lifecycle.Step step, String wantedPlanHash, Optional<PipelineConditions.JobManagerDown> down,
      Optional<ScalingTrouble> scaling, Instant now) {
    return PipelineConditions.of(status, new PipelineConditions.Stepped(step, wantedPlanHash, down, scaling), 1, now);
  }

  private static PipelineStatus running() {
    PipelineStatus status = new PipelineStatus();
    status.setPhase(Phase.Running);
    status.setJob(new JobStatus());
    return status;
  }
}
