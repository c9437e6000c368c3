package dev.sluice.reconciler.pipeline.scaling;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.autoscaler.HumanFormat;
import dev.sluice.autoscaler.ScalingDecision;
import dev.sluice.flink.FlinkEndpointResolver;
import dev.sluice.flink.FlinkJobClient;
import dev.sluice.flink.SavepointTrigger;
import dev.sluice.reconciler.EventRecorder;
import dev.sluice.reconciler.pipeline.PipelineReason;
import dev.sluice.reconciler.pipeline.Savepoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Savepoints the autoscaler asks for before a rescale when the latest checkpoint is too old: taken
 * while the job keeps running, followed on later reconciles rather than waited for, and never
 * triggered again while one is in progress.
 */
final class RescaleSavepoints {

  private static final Logger LOG = LoggerFactory.getLogger(RescaleSavepoints.class);

  private final FlinkEndpointResolver endpoints;
  private final FlinkJobClient flink;
  private final Savepoints answers;
  private final EventRecorder events;
  private final Clock clock;

  RescaleSavepoints(FlinkEndpointResolver endpoints, FlinkJobClient flink, EventRecorder events, Clock clock) {
    this.endpoints = endpoints;
    this.flink = flink;
    this.answers = new Savepoints(endpoints, flink, clock);
    this.events = events;
    this.clock = clock;
  }

  void trigger(Pipeline pipeline, String jobId, ScalingDecision decision, PipelineMemory memory) {
    if (memory.savepoint().isPresent()) {
      return;
    }
    SavepointTrigger trigger = flink.triggerSavepoint(endpoints.endpoint(pipeline), jobId, Optional.empty());
    memory.savepointTriggered(trigger, clock.instant());
    events.normal(pipeline, PipelineReason.SavepointForRescale, decision.reason());
    LOG.info("Savepoint {} triggered before rescaling: {}", trigger.triggerId(), decision.reason());
  }

  /**
   * Looks whether the savepoint in progress, if any, has ended. One still unanswered after {@code
   * timeout} (Flink gives up on it by then; or the job manager that knew it is gone) counts as failed.
   */
  void follow(Pipeline pipeline, PipelineMemory memory, Duration timeout) {
    Optional<SavepointTrigger> trigger = memory.savepoint();
    if (trigger.isEmpty()) {
      return;
    }
    if (Duration.between(memory.savepointTriggeredAt(), clock.instant()).compareTo(timeout) > 0) {
      memory.savepointEnded(false);
      events.warning(pipeline, PipelineReason.SavepointFailed, "the savepoint before a rescale did not complete within "
          + HumanFormat.duration(timeout) + " (spec.checkpointing.timeout); the autoscaler tries again at its next"
          + " evaluation if the rescale is still needed");
      return;
    }
    Savepoints.Answer answer = answers.ask(pipeline, trigger.get());
    switch (answer.progress()) {
      case WRITTEN -> {
        memory.savepointEnded(true);
        events.normal(pipeline, PipelineReason.SavepointTaken, "state secured for a rescale in savepoint " + answer.location()
            + "; the autoscaler reconsiders the rescale at its next evaluation");
        LOG.info("Savepoint for a rescale written to {}", answer.location());
      }
      case FAILED -> {
        memory.savepointEnded(false);
        events.warning(pipeline, PipelineReason.SavepointFailed, "the savepoint before a rescale failed: " + answer.detail()
            + "; the autoscaler tries again at its next evaluation if the rescale is still needed");
      }
      case IN_PROGRESS -> {
        if (answer.detail() != null) {
          LOG.debug("Cannot tell whether savepoint {} is done yet: {}", trigger.get().triggerId(), answer.detail());
        }
      }
    }
  }
}
