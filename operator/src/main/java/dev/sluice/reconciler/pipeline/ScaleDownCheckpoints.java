package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.autoscaler.ScaleDownCheckpoint;
import dev.sluice.flink.CheckpointOutcome;
import dev.sluice.flink.FlinkEndpointResolver;
import dev.sluice.flink.FlinkJobClient;
import dev.sluice.flink.FlinkRestException;
import dev.sluice.reconciler.EventRecorder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds a scale-down's task managers until a checkpoint asked for just before is over ({@link
 * ScaleDownCheckpoint}), so that the job's failover reads again only what it read since. Whether the
 * autoscaler or a person lowered the parallelism makes no difference. A request lost with an
 * operator restart is asked again.
 */
final class ScaleDownCheckpoints {

  private static final Logger LOG = LoggerFactory.getLogger(ScaleDownCheckpoints.class);

  private final FlinkEndpointResolver endpoints;
  private final FlinkJobClient flink;
  private final EventRecorder events;
  private final Clock clock;
  private final Map<ResourceID, Request> requests = new ConcurrentHashMap<>();

  private record Request(ScaleDownCheckpoint checkpoint, String triggerId) {
  }

  ScaleDownCheckpoints(FlinkEndpointResolver endpoints, FlinkJobClient flink, EventRecorder events, Clock clock) {
    this.endpoints = endpoints;
    this.flink = flink;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Whether the task managers of the running job {@code jobId} may go now, from {@code from} to
   * {@code to}; asks for the checkpoint, or reads what became of it, when not.
   */
  boolean mayRemoveTaskManagers(Pipeline pipeline, String jobId, int from, int to) {
    ResourceID id = ResourceID.fromResource(pipeline);
    Instant now = clock.instant();
    Request request = requests.get(id);
    try {
      Optional<CheckpointOutcome> outcome = request == null || !request.checkpoint().jobId().equals(jobId)
          ? Optional.empty()
          : flink.checkpointOutcome(endpoints.endpoint(pipeline), jobId, request.triggerId());
      ScaleDownCheckpoint.Next next = request == null ? ScaleDownCheckpoint.Next.ASK
          : request.checkpoint().next(jobId, outcome.isPresent(), now);
      return switch (next) {
        case ASK -> {
          ask(pipeline, id, jobId, from, to, now);
          yield false;
        }
        case WAIT -> false;
        case SCALE_DOWN -> {
          requests.remove(id);
          tell(pipeline, request.checkpoint(), outcome, now);
          yield true;
        }
      };
    } catch (FlinkRestException e) {
      // The failover restores the periodic checkpoint: more to read again, nothing lost.
      requests.remove(id);
      events.warning(pipeline, PipelineReason.RescaleCheckpoint, "cannot ask job " + jobId + " for a checkpoint "
          + "before the scale-down " + from + " -> " + to + " (" + e.getMessage() + "); scaling down without it");
      return true;
    }
  }

  private void ask(Pipeline pipeline, ResourceID id, String jobId, int from, int to, Instant now) {
    String triggerId = flink.triggerCheckpoint(endpoints.endpoint(pipeline), jobId);
    requests.put(id, new Request(new ScaleDownCheckpoint(jobId, now), triggerId));
    String reason = "checkpoint asked for before the scale-down " + from + " -> " + to + " removes task managers, "
        + "so that the job's restart reads again only what it reads until then";
    events.normal(pipeline, PipelineReason.RescaleCheckpoint, reason);
    LOG.info("{}/{}: {}", pipeline.getMetadata().getNamespace(), pipeline.getMetadata().getName(), reason);
  }

  private void tell(Pipeline pipeline, ScaleDownCheckpoint asked, Optional<CheckpointOutcome> outcome, Instant now) {
    String name = pipeline.getMetadata().getNamespace() + "/" + pipeline.getMetadata().getName();
    if (outcome.isEmpty()) {
      events.warning(pipeline, PipelineReason.RescaleCheckpoint, asked.overdue(now)
          + "; scaling down, the restart reads again from the latest completed checkpoint");
      return;
    }
    outcome.get().failure().ifPresent(failure -> events.warning(pipeline, PipelineReason.RescaleCheckpoint,
        "the checkpoint asked for before the scale-down failed (" + failure + "); scaling down, the restart "
            + "reads again from the latest completed checkpoint"));
    outcome.get().completedId().ifPresent(checkpoint -> LOG.info("{}: checkpoint {} asked for before the "
        + "scale-down completed; removing task managers", name, checkpoint));
  }

  void forget(Pipeline pipeline) {
    requests.remove(ResourceID.fromResource(pipeline));
  }
}
