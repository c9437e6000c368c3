package dev.sluice.reconciler.pipeline.scaling;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.observation.CheckpointStats;
import dev.sluice.observation.FailedCheckpoint;
import dev.sluice.reconciler.EventRecorder;
import dev.sluice.reconciler.pipeline.PipelineReason;

import java.util.Optional;

/**
 * Degraded=True with reason CheckpointsFailing while the autoscaler finds checkpoints failing
 * repeatedly, with a warning event when they start to fail and a normal one when one completes
 * again. A rescale restores from the latest checkpoint, so this is also why rescales wait.
 */
final class CheckpointHealth {

  private final EventRecorder events;

  CheckpointHealth(EventRecorder events) {
    this.events = events;
  }

  void evaluated(Pipeline pipeline, boolean failing, CheckpointStats checkpoints, PipelineMemory memory) {
    if (failing) {
      String message = checkpoints.failuresSinceLastCompleted() + " checkpoints failed in a row"
          + checkpoints.latestFailed().flatMap(FailedCheckpoint::failureMessage).map(cause -> " (latest: " + cause + ")")
              .orElse("")
          + "; rescales wait until a checkpoint completes, since a rescale restores from the latest one";
      if (memory.checkpointFailure().isEmpty()) {
        events.warning(pipeline, PipelineReason.CheckpointsFailing, message);
      }
      memory.checkpointFailure(Optional.of(message));
    } else {
      if (memory.checkpointFailure().isPresent()) {
        events.normal(pipeline, PipelineReason.CheckpointsRecovered, "checkpoints complete again; rescales may go ahead");
      }
      memory.checkpointFailure(Optional.empty());
    }
  }

  /** While the pipeline is not running, checkpoints are not the autoscaler's to judge. */
  void notEvaluated(PipelineMemory memory) {
    memory.checkpointFailure(Optional.empty());
  }

  /** Degraded while the last evaluation found checkpoints failing. */
  static Optional<ScalingTrouble> trouble(PipelineMemory memory) {
    return memory.checkpointFailure().map(message -> new ScalingTrouble(PipelineReason.CheckpointsFailing, message));
  }
}
