package dev.sluice.reconciler.pipeline.scaling;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.observation.CheckpointStats;
import dev.sluice.observation.FailedCheckpoint;
import dev.sluice.reconciler.Conditions;
import dev.sluice.reconciler.EventRecorder;
import dev.sluice.reconciler.pipeline.PipelineReconciler;

import java.time.Clock;

/**
 * Degraded=True with reason {@value Autoscaling#CHECKPOINTS_FAILING} while the autoscaler finds
 * checkpoints failing repeatedly, with a warning event when they start to fail and a normal one
 * when one completes again. A rescale restores from the latest checkpoint, so this is also why
 * rescales wait.
 */
final class CheckpointHealth {

  private final EventRecorder events;
  private final Clock clock;

  CheckpointHealth(EventRecorder events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  void evaluated(Pipeline pipeline, PipelineStatus status, boolean failing, CheckpointStats checkpoints,
      PipelineMemory memory) {
    if (failing) {
      String message = checkpoints.failuresSinceLastCompleted() + " checkpoints failed in a row"
          + checkpoints.latestFailed().flatMap(FailedCheckpoint::failureMessage).map(cause -> " (latest: " + cause + ")")
              .orElse("")
          + "; rescales wait until a checkpoint completes, since a rescale restores from the latest one";
      status.setConditions(Conditions.with(status.getConditions(), PipelineReconciler.DEGRADED, true,
          Autoscaling.CHECKPOINTS_FAILING, message, pipeline.getMetadata().getGeneration(), clock.instant()));
      if (!memory.checkpointsFailing()) {
        events.warning(pipeline, Autoscaling.CHECKPOINTS_FAILING, message);
      }
    } else {
      withdraw(status);
      if (memory.checkpointsFailing()) {
        events.normal(pipeline, "CheckpointsRecovered", "checkpoints complete again; rescales may go ahead");
      }
    }
    memory.checkpointsFailing(failing);
  }

  /** While the pipeline is not running, checkpoints are not the autoscaler's to judge. */
  void notEvaluated(PipelineStatus status, PipelineMemory memory) {
    withdraw(status);
    memory.checkpointsFailing(false);
  }

  /** Leaves Degraded to the lifecycle again. */
  static void withdraw(PipelineStatus status) {
    Conditions.find(status.getConditions(), PipelineReconciler.DEGRADED)
        .filter(degraded -> Autoscaling.CHECKPOINTS_FAILING.equals(degraded.getReason()))
        .ifPresent(degraded -> status.setConditions(
            status.getConditions().stream().filter(condition -> condition != degraded).toList()));
  }
}
