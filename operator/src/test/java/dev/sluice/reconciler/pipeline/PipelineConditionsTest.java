package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.JobStatus;
import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.RollbackStatus;
import dev.sluice.reconciler.Conditions;
import dev.sluice.reconciler.pipeline.scaling.Autoscaling;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Degraded after a lifecycle step: the job's failure, or the checkpoints the autoscaler found failing. */
class PipelineConditionsTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final Lifecycle.Step OBSERVE = new Lifecycle.Step(Lifecycle.Action.OBSERVE, null, "up to date");

  @Test
  void failingCheckpointsStayDegradedWhileTheJobRuns() {
    PipelineStatus status = running();
    status.setConditions(Conditions.with(status.getConditions(), PipelineReconciler.DEGRADED, true,
        Autoscaling.CHECKPOINTS_FAILING, "4 checkpoints failed in a row", 1L, NOW));

    var conditions = PipelineConditions.afterStep(status, OBSERVE, "plan-a", Optional.empty(), 1, NOW.plusSeconds(15));

    var degraded = Conditions.find(conditions, PipelineReconciler.DEGRADED).orElseThrow();
    assertEquals(Autoscaling.CHECKPOINTS_FAILING, degraded.getReason());
    assertEquals(NOW.toString(), degraded.getLastTransitionTime());
  }

  @Test
  void aJobManagerDownWhileNoJobAnswersIsNotReadyAndDegradedThoughTheLastPhaseWasRunning() {
    var down = new PipelineConditions.JobManagerDown("counts", "counts-jobmanager", Duration.ofMinutes(3));

    var conditions = PipelineConditions.afterStep(running(), OBSERVE, "plan-a", Optional.of(down), 1, NOW);

    assertEquals("False", Conditions.find(conditions, PipelineReconciler.READY).orElseThrow().getStatus());
    var degraded = Conditions.find(conditions, PipelineReconciler.DEGRADED).orElseThrow();
    assertEquals("True", degraded.getStatus());
    assertEquals(PipelineConditions.JOB_MANAGER_UNAVAILABLE, degraded.getReason());
    assertTrue(degraded.getMessage().contains("no ready pod for 180s"), degraded.getMessage());
  }

  @Test
  void anUpgradeObservedUntilItRunsIsProgressingWithItsPhaseNotUpToDate() {
    PipelineStatus status = running();
    status.setPhase(Phase.Upgrading);
    status.getJob().setState("INITIALIZING");

    var progressing = Conditions.find(PipelineConditions.afterStep(status, OBSERVE, "plan-a", Optional.empty(), 1,
        NOW), PipelineReconciler.PROGRESSING).orElseThrow();

    assertEquals("True", progressing.getStatus());
    assertEquals("Upgrading", progressing.getReason());
    assertEquals("waiting for the job to run: it is INITIALIZING", progressing.getMessage());
  }

  @Test
  void aFailedJobOutranksFailingCheckpoints() {
    PipelineStatus status = running();
    status.setConditions(Conditions.with(status.getConditions(), PipelineReconciler.DEGRADED, true,
        Autoscaling.CHECKPOINTS_FAILING, "4 checkpoints failed in a row", 1L, NOW));
    status.setPhase(Phase.Failed);
    status.getJob().setLastFailure("java.lang.NumberFormatException: For input string: 'x4'");

    var conditions = PipelineConditions.afterStep(status, OBSERVE, "plan-a", Optional.empty(), 1, NOW.plusSeconds(15));

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

    var soon = Conditions.find(PipelineConditions.afterStep(status, OBSERVE, "plan-a", Optional.empty(), 1, NOW.plusSeconds(60)),
        PipelineReconciler.DEGRADED).orElseThrow();
    assertEquals("True", soon.getStatus());
    assertEquals("JobRestarting", soon.getReason());
    assertEquals("the job failed at 2030-01-01T00:00:00Z and restarted (3 restarts so far): "
        + "java.io.IOException: broker unreachable", soon.getMessage());

    var later = Conditions.find(PipelineConditions.afterStep(status, OBSERVE, "plan-a", Optional.empty(), 1,
        NOW.plus(PipelineConditions.RECENT_FAILURE).plusSeconds(1)), PipelineReconciler.DEGRADED).orElseThrow();
    assertEquals("Healthy", later.getReason());
  }

  @Test
  void withoutFailuresTheRunningPipelineIsHealthy() {
    var conditions = PipelineConditions.afterStep(running(), OBSERVE, "plan-a", Optional.empty(), 1, NOW);

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

    var stillWanted = Conditions.find(PipelineConditions.afterStep(status, OBSERVE, "plan-b", Optional.empty(), 1, NOW),
        PipelineReconciler.DEGRADED).orElseThrow();
    assertEquals("RolledBack", stillWanted.getReason());
    assertEquals("True", stillWanted.getStatus());
    var changed = Conditions.find(PipelineConditions.afterStep(status, OBSERVE, "plan-c", Optional.empty(), 1, NOW),
        PipelineReconciler.DEGRADED).orElseThrow();
    assertEquals("Healthy", changed.getReason());
  }

  private static PipelineStatus running() {
    PipelineStatus status = new PipelineStatus();
    status.setPhase(Phase.Running);
    status.setJob(new JobStatus());
    return status;
  }
}
