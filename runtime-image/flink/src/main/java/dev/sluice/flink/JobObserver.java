package dev.sluice.flink;

import dev.sluice.observation.CheckpointStats;
import dev.sluice.observation.FlinkJobState;
import dev.sluice.observation.JobDetails;
import dev.sluice.observation.JobFailure;
import dev.sluice.observation.JobObservation;
import dev.sluice.observation.JobSummary;
import dev.sluice.observation.VertexMetrics;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.plan.PipelinePlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Takes a {@link JobObservation} of a Pipeline's Flink job through its REST API. */
public final class JobObserver {

  private static final Logger LOG = LoggerFactory.getLogger(JobObserver.class);

  private final FlinkEndpointResolver resolver;
  private final FlinkJobClient client;
  private final Clock clock;

  public JobObserver(FlinkEndpointResolver resolver, FlinkJobClient client, Clock clock) {
    this.resolver = resolver;
    this.client = client;
    this.clock = clock;
  }

  /**
   * The job, its checkpoints and every vertex's metrics; empty when the cluster runs no job of the
   * pipeline's plan yet.
   *
   * @throws FlinkRestException when the job manager cannot be reached or answers with an error
   */
  public Optional<JobObservation> observe(Pipeline pipeline) {
    FlinkEndpoint endpoint = resolver.endpoint(pipeline);
    Optional<JobSummary> job = client.applicationJob(endpoint,
        PipelinePlan.jobName(pipeline.getMetadata().getNamespace(), pipeline.getMetadata().getName()));
    if (job.isEmpty()) {
      return Optional.empty();
    }
    String jobId = job.get().id();
    JobDetails details = client.job(endpoint, jobId);
    CheckpointStats checkpoints = client.checkpoints(endpoint, jobId);
    List<VertexMetrics> vertices = details.vertices().stream()
        .map(vertex -> client.vertexMetrics(endpoint, jobId, vertex))
        .toList();
    // A healthy job has no failure to read; one more call only for a job that failed or restarted.
    boolean troubled = details.summary().state() != FlinkJobState.RUNNING || details.restarts().orElse(0) > 0;
    Optional<JobFailure> failure = troubled ? latestFailure(endpoint, jobId) : Optional.empty();
    return Optional.of(new JobObservation(
        details.summary(), details.restarts(), vertices, checkpoints, failure, clock.instant()));
  }

  /** The cause is an extra: a job manager that cannot give it still gives the rest of the observation. */
  private Optional<JobFailure> latestFailure(FlinkEndpoint endpoint, String jobId) {
    try {
      return client.latestFailure(endpoint, jobId);
    } catch (FlinkRestException e) {
      LOG.debug("No exception history for job {}: {}", jobId, e.getMessage());
      return Optional.empty();
    }
  }
}
