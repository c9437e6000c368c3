package dev.sluice.reconciler.pipeline.scaling;

import dev.sluice.autoscaler.LastScaling;
import dev.sluice.autoscaler.ScalingPolicy;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.SavepointReason;
import dev.sluice.autoscaler.ScalingDecision;
import dev.sluice.reconciler.EventRecorder;
import dev.sluice.reconciler.pipeline.PipelineReason;
import dev.sluice.reconciler.pipeline.PipelineMetrics;
import dev.sluice.reconciler.pipeline.Savepoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Carries out one autoscaler decision. A rescale becomes the new desired parallelism, which the
 * lifecycle's rescale step turns into task manager replicas; it is recorded in {@code
 * status.lastScaling} with its numbers, as an event whose message is the reason, and in the
 * rescale counter. A savepoint request starts one unless a savepoint is in flight already; the
 * lifecycle follows it like any other. A hold changes nothing and is only logged.
 */
final class Decisions {

  private static final Logger LOG = LoggerFactory.getLogger(Decisions.class);

  private final EventRecorder events;
  private final PipelineMetrics metrics;
  private final Savepoints savepoints;

  Decisions(EventRecorder events, PipelineMetrics metrics, Savepoints savepoints) {
    this.events = events;
    this.metrics = metrics;
    this.savepoints = savepoints;
  }

  /**
   * @param jobId the job the decision was made for
   * @param desired the desired parallelism so far
   * @return the desired parallelism from now on
   */
  int apply(Pipeline pipeline, PipelineStatus status, ScalingDecision decision, ScalingPolicy policy, String jobId,
      Instant at, int desired) {
    String reason = policy.explain(decision.reason());
    LastScaling.record(status, decision, policy.config(), at, reason);
    switch (decision.action()) {
      case SCALE_UP, SCALE_DOWN -> {
        boolean up = decision.action() == ScalingDecision.Action.SCALE_UP;
        events.normal(pipeline, up ? PipelineReason.ScaledUp : PipelineReason.ScaledDown, reason);
        metrics.rescaled(pipeline, up);
        LOG.info("{}", reason);
        return decision.targetParallelism();
      }
      case TRIGGER_SAVEPOINT -> {
        if (status.getPendingSavepoint() == null) {
          status.setPendingSavepoint(savepoints.start(pipeline, jobId, SavepointReason.RESCALE, status.getPlanHash()));
          events.normal(pipeline, PipelineReason.SavepointForRescale, decision.reason());
          LOG.info("Savepoint triggered before rescaling: {}", decision.reason());
        }
      }
      case HOLD -> LOG.debug("Autoscaler holds at {}: {}", decision.currentParallelism(), reason);
    }
    return desired;
  }
}
