package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.SavepointStatus;
import dev.sluice.observation.FlinkJobState;
import dev.sluice.observation.JobObservation;
import dev.sluice.reconciler.EventRecorder;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Deletes a stateful Pipeline only after its job stopped with a savepoint, asking Flink again on
 * each retry rather than holding a reconcile thread. The savepoint in progress is remembered here,
 * not in status: an operator restarted meanwhile finds the job stopping or stopped, and lets the
 * deletion go on.
 */
final class PipelineDeletion {

  private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(PipelineDeletion.class);

  private final Savepoints savepoints;
  private final EventRecorder events;
  private final Map<String, SavepointStatus> inProgress = new ConcurrentHashMap<>();

  PipelineDeletion(Savepoints savepoints, EventRecorder events) {
    this.savepoints = savepoints;
    this.events = events;
  }

  /**
   * @param observe the Pipeline's job as Flink reports it now
   * @return whether the finalizer may go; otherwise ask again after {@link #POLL_INTERVAL}
   */
  DeleteControl cleanup(Pipeline pipeline, Function<Pipeline, Optional<JobObservation>> observe) {
    String uid = pipeline.getMetadata().getUid();
    SavepointStatus pending = inProgress.get(uid);
    if (pending == null) {
      Optional<JobObservation> running = needsSavepoint(pipeline) ? observe.apply(pipeline)
          .filter(seen -> seen.job().state() == FlinkJobState.RUNNING) : Optional.empty();
      if (running.isEmpty()) {
        return DeleteControl.defaultDelete();
      }
      inProgress.put(uid, savepoints.stop(pipeline, running.get().job().id(), "delete",
          pipeline.getStatus().getPlanHash()));
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(POLL_INTERVAL);
    }
    Savepoints.Answer poll = savepoints.poll(pipeline, pending);
    if (poll.progress() == Savepoints.Progress.IN_PROGRESS) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(POLL_INTERVAL);
    }
    inProgress.remove(uid);
    if (poll.progress() == Savepoints.Progress.WRITTEN) {
      events.normal(pipeline, PipelineReason.SavepointTaken, "deleted: job " + pending.getJobId() + " stopped with savepoint "
          + pending.getPath() + "; a new Pipeline starts from it with spec.checkpointing.restoreFrom");
      LOG.info("Deleted: job {} stopped with savepoint {}", pending.getJobId(), pending.getPath());
    } else {
      events.warning(pipeline, PipelineReason.SavepointFailed, "deleted without a final savepoint: " + poll.detail()
          + "; the latest retained checkpoint in the Pipeline's storage still holds its state");
    }
    return DeleteControl.defaultDelete();
  }

  private static boolean needsSavepoint(Pipeline pipeline) {
    PipelineStatus status = pipeline.getStatus();
    return pipeline.getSpec().upgradeMode().keepsState() && status != null && status.getPlanHash() != null;
  }
}
