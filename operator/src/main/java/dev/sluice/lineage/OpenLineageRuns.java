package dev.sluice.lineage;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.pipeline.JobStatus;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.SavepointStatus;
import dev.sluice.api.slo.ServiceLevelObjective;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.MeterRegistry;
import io.openlineage.client.OpenLineage;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends each Pipeline's runs to an OpenLineage backend. The runs are remembered in memory: an
 * operator restarted while a job runs sends that run's START again, with the same run id.
 */
final class OpenLineageRuns implements PipelineLineage {

  private final LineageSettings settings;
  private final LineageEvents events;
  private final LineageSender sender;
  private final Clock clock;
  private final Map<ResourceID, RunTracker> runs = new ConcurrentHashMap<>();

  OpenLineageRuns(LineageSettings settings, MeterRegistry registry, Clock clock) {
    this.settings = settings;
    this.events = new LineageEvents(settings);
    this.sender = new LineageSender(settings, registry);
    this.clock = clock;
  }

  @Override
  public void observed(Pipeline pipeline, PipelineStatus status, Map<String, Dataset> datasets,
      Collection<ServiceLevelObjective> objectives) {
    JobStatus job = status.getJob();
    RunTracker.Sighting seen = new RunTracker.Sighting(job == null ? null : job.getId(),
        job == null ? null : job.getState(), job == null ? null : job.getLastFailure(), stoppedWithSavepoint(status));
    Instant now = clock.instant();
    tracker(pipeline).observe(seen, now)
        .forEach(due -> send(pipeline, events.event(due, pipeline, status, datasets, objectives, now)));
  }

  @Override
  public void deleted(Pipeline pipeline, Map<String, Dataset> datasets, Collection<ServiceLevelObjective> objectives) {
    PipelineStatus status = pipeline.getStatus() == null ? new PipelineStatus() : pipeline.getStatus();
    tracker(pipeline).deleted(status.getJob() == null ? null : status.getJob().getId())
        .ifPresent(due -> send(pipeline, events.event(due, pipeline, status, datasets, objectives, clock.instant())));
    runs.remove(ResourceID.fromResource(pipeline));
  }

  @Override
  public void close() {
    sender.close();
  }

  private RunTracker tracker(Pipeline pipeline) {
    return runs.computeIfAbsent(ResourceID.fromResource(pipeline), key -> new RunTracker(settings.runningInterval()));
  }

  private void send(Pipeline pipeline, OpenLineage.RunEvent event) {
    sender.send(pipeline.getMetadata().getNamespace() + "/" + pipeline.getMetadata().getName(), event);
  }

  /** The job that the status's savepoint stopped, once it is written. */
  private static String stoppedWithSavepoint(PipelineStatus status) {
    SavepointStatus savepoint = status.getSavepoint();
    return savepoint != null && savepoint.getPath() != null && savepoint.getReason() != null
        && savepoint.getReason().stopsTheJob() ? savepoint.getJobId() : null;
  }
}
