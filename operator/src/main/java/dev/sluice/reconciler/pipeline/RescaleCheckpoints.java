package dev.sluice.reconciler.pipeline;

import dev.sluice.api.common.Durations;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.TaskManagerResources;
import dev.sluice.autoscaler.RescaleCheckpoint;
import dev.sluice.flink.FlinkEndpointResolver;
import dev.sluice.flink.FlinkJobClient;
import dev.sluice.flink.FlinkRestException;
import dev.sluice.observation.FlinkJobState;
import dev.sluice.observation.JobObservation;
import dev.sluice.reconciler.EventRecorder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ends a scale-up's wait for the next periodic checkpoint ({@link RescaleCheckpoint}): once the
 * task managers of a rescale have joined and Flink's stabilisation is over, the operator asks for a
 * checkpoint, whose completion starts the rescale. Whether the autoscaler or a person changed the
 * parallelism makes no difference. The job manager's slots are read only while more are
 * provisioned than the job runs on.
 */
final class RescaleCheckpoints {

  private static final Logger LOG = LoggerFactory.getLogger(RescaleCheckpoints.class);
  /** How often the job manager's slots are read while a rescale's task managers start. */
  private static final Duration JOINING_LOOKS = Duration.ofSeconds(2);
  /** Longer than task manager pods take to start where they can be scheduled. */
  private static final Duration JOINING_BOUND = Duration.ofMinutes(1);

  private final FlinkEndpointResolver endpoints;
  private final FlinkJobClient flink;
  private final EventRecorder events;
  private final Clock clock;
  private final Map<ResourceID, RescaleCheckpoint.Running> jobs = new ConcurrentHashMap<>();
  private final Map<ResourceID, Request> requests = new ConcurrentHashMap<>();

  /** A checkpoint asked for whose outcome is still to be read. */
  private record Request(String jobId, String triggerId) {
  }

  RescaleCheckpoints(FlinkEndpointResolver endpoints, FlinkJobClient flink, EventRecorder events, Clock clock) {
    this.endpoints = endpoints;
    this.flink = flink;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Looks at a Pipeline's job after this reconcile's step, asking for a checkpoint when its
   * rescale waits for one.
   *
   * @param parallelism the parallelism the task managers are provisioned for now
   * @return when to look again, while a request is still to come: soon while the new task managers
   *     join, then when Flink's stabilisation is over
   */
  Optional<Instant> check(Pipeline pipeline, Optional<JobObservation> observation, int parallelism) {
    ResourceID id = ResourceID.fromResource(pipeline);
    Optional<JobObservation> running = observation.filter(seen -> seen.job().state() == FlinkJobState.RUNNING);
    if (running.isEmpty()) {
      jobs.remove(id);
      return Optional.empty();
    }
    try {
      return check(pipeline, id, running.get(), parallelism);
    } catch (FlinkRestException e) {
      // The periodic checkpoint still starts the rescale; the next look tries again.
      LOG.warn("{}/{}: cannot ask for a rescale's checkpoint: {}", pipeline.getMetadata().getNamespace(),
          pipeline.getMetadata().getName(), e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<Instant> check(Pipeline pipeline, ResourceID id, JobObservation seen, int parallelism) {
    readOutcome(pipeline, id, seen.job().id());
    TaskManagerResources taskManagers = pipeline.getSpec().resources().taskManager();
    int provisioned = taskManagers.replicasFor(parallelism) * taskManagers.slots();
    OptionalInt slots = provisioned > seen.parallelism()
        ? OptionalInt.of(Math.min(provisioned, flink.registeredSlots(endpoints.endpoint(pipeline))))
        : OptionalInt.empty();
    Instant now = clock.instant();
    RescaleCheckpoint.Running tracked = RescaleCheckpoint.track(Optional.ofNullable(jobs.get(id)),
        seen.parallelism(), slots, now);
    Optional<RescaleCheckpoint> due = tracked.waiting()
        .filter(wait -> wait.due(now, seen.checkpoints().inProgress() > 0));
    due.ifPresent(wait -> ask(pipeline, id, seen.job().id(), wait, now));
    RescaleCheckpoint.Running job = due.isPresent() ? tracked.requested(now) : tracked;
    jobs.put(id, job);
    // While the new task managers start, the wait counts from the look that sees them; pods that
    // take longer are left to the steady pace (and, Pending, to the autoscaler's unscheduled bound).
    Optional<Instant> joining = job.joiningSince()
        .filter(since -> Duration.between(since, now).compareTo(JOINING_BOUND) < 0)
        .map(since -> now.plus(JOINING_LOOKS));
    return joining.or(() -> job.waiting().filter(wait -> wait.requestedAt().isEmpty())
        .map(RescaleCheckpoint::stabilisedAt));
  }

  private void ask(Pipeline pipeline, ResourceID id, String jobId, RescaleCheckpoint wait, Instant now) {
    String triggerId = flink.triggerCheckpoint(endpoints.endpoint(pipeline), jobId);
    requests.put(id, new Request(jobId, triggerId));
    String reason = "checkpoint asked for to start the rescale: " + wait.reason(now,
        Durations.parse(pipeline.getSpec().checkpointing().interval()));
    events.normal(pipeline, PipelineReason.RescaleCheckpoint, reason);
    LOG.info("{}/{}: {}", pipeline.getMetadata().getNamespace(), pipeline.getMetadata().getName(), reason);
  }

  /**
   * Reads what became of the checkpoint asked for, once it is over: the job manager keeps it until
   * then. A failure is told, since the rescale then waits for the periodic checkpoint.
   */
  private void readOutcome(Pipeline pipeline, ResourceID id, String jobId) {
    Request request = requests.get(id);
    if (request == null) {
      return;
    }
    if (!request.jobId().equals(jobId)) {
      requests.remove(id);
      return;
    }
    flink.checkpointOutcome(endpoints.endpoint(pipeline), jobId, request.triggerId()).ifPresent(outcome -> {
      requests.remove(id);
      outcome.failure().ifPresent(failure -> events.warning(pipeline, PipelineReason.RescaleCheckpoint,
          "the checkpoint asked for to start the rescale failed (" + failure + "); the rescale waits for the "
              + "periodic checkpoint"));
      outcome.completedId().ifPresent(checkpoint -> LOG.info("{}/{}: checkpoint {} asked for to start the rescale "
          + "completed", pipeline.getMetadata().getNamespace(), pipeline.getMetadata().getName(), checkpoint));
    });
  }

  void forget(Pipeline pipeline) {
    jobs.remove(ResourceID.fromResource(pipeline));
    requests.remove(ResourceID.fromResource(pipeline));
  }
}
