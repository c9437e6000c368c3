package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.SavepointReason;
import dev.sluice.api.pipeline.SavepointStatus;
import dev.sluice.observation.FlinkJobState;
import dev.sluice.observation.JobObservation;
import dev.sluice.reconciler.EventRecorder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Deletes a stateful Pipeline only after its job stopped with a savepoint, asking Flink again on
 * each retry rather than holding a reconcile thread. The savepoint in flight is tracked in {@code
 * status.pendingSavepoint} like every other, so an operator restarted meanwhile follows it on.
 */
final class PipelineDeletion {

  private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(PipelineDeletion.class);

  private final Savepoints savepoints;
  private final EventRecorder events;

  PipelineDeletion(Savepoints savepoints, EventRecorder events) {
    this.savepoints = savepoints;
    this.events = events;
  }

  /**
   * @param observe the Pipeline's job as Flink reports it now
   * @return whether the finalizer may go; otherwise ask again after {@link #POLL_INTERVAL}
   */
  DeleteControl cleanup(Pipeline pipeline, Context<Pipeline> context,
      Function<Pipeline, Optional<JobObservation>> observe) {
    StatusWriter statusWriter = StatusWriter.before(pipeline, context);
    PipelineStatus status = pipeline.getStatus();
    SavepointStatus pending = status == null ? null : status.getPendingSavepoint();
    if (pending != null) {
      Savepoints.Answer poll = savepoints.poll(pipeline, pending);
      if (poll.progress() == Savepoints.Progress.IN_PROGRESS) {
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(POLL_INTERVAL);
      }
      status.setPendingSavepoint(null);
      if (pending.getReason().stopsTheJob()) {
        report(pipeline, pending, poll);
        return DeleteControl.defaultDelete();
      }
      // A savepoint for a rescale ended, and the job runs on: stop it with one of its own.
    }
    Optional<JobObservation> running = needsSavepoint(pipeline) ? observe.apply(pipeline)
        .filter(seen -> seen.job().state() == FlinkJobState.RUNNING) : Optional.empty();
    if (running.isEmpty()) {
      return DeleteControl.defaultDelete();
    }
    status.setPendingSavepoint(savepoints.start(pipeline, running.get().job().id(), SavepointReason.DELETE,
        status.getPlanHash()));
    statusWriter.write(pipeline, context);
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(POLL_INTERVAL);
  }

  private void report(Pipeline pipeline, SavepointStatus pending, Savepoints.Answer poll) {
    if (poll.progress() == Savepoints.Progress.WRITTEN) {
      events.normal(pipeline, PipelineReason.SavepointTaken, "deleted: job " + pending.getJobId()
          + " stopped with savepoint " + pending.getPath()
          + "; a new Pipeline starts from it with spec.checkpointing.restoreFrom");
      LOG.info("Deleted: job {} stopped with savepoint {}", pending.getJobId(), pending.getPath());
    } else {
      events.warning(pipeline, PipelineReason.SavepointFailed, "deleted without a final savepoint: " + poll.detail()
          + "; the latest retained checkpoint in the Pipeline's storage still holds its state");
    }
  }

  private static boolean needsSavepoint(Pipeline pipeline) {
    PipelineStatus status = pipeline.getStatus();
    return pipeline.getSpec().upgradeMode().keepsState() && status != null && status.getPlanHash() != null;
  }
}
