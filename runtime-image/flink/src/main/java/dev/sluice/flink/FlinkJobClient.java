package dev.sluice.flink;

import dev.sluice.observation.CheckpointStats;
import dev.sluice.observation.JobDetails;
import dev.sluice.observation.JobFailure;
import dev.sluice.observation.JobSummary;
import dev.sluice.observation.JobVertex;
import dev.sluice.observation.VertexMetrics;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the operator asks of a Pipeline's Flink cluster. Every call is bounded in time and fails
 * with a {@link FlinkRestException} naming the pipeline and the URI.
 */
public interface FlinkJobClient {

  /** The jobs the job manager knows, finished ones included while it keeps them. */
  List<JobSummary> jobs(FlinkEndpoint endpoint);

  /**
   * The job of an application cluster, which runs one, by its name. Should the job manager list
   * more of that name (a finished one kept after a restart), the one not yet ended, else the one
   * started last.
   */
  default Optional<JobSummary> applicationJob(FlinkEndpoint endpoint, String jobName) {
    return jobs(endpoint).stream()
        .filter(job -> job.name().equals(jobName))
        .max(Comparator.comparing((JobSummary job) -> !job.state().terminal())
            .thenComparing(JobSummary::startTime));
  }

  /** The job with its vertices and restart count. */
  JobDetails job(FlinkEndpoint endpoint, String jobId);

  CheckpointStats checkpoints(FlinkEndpoint endpoint, String jobId);

  /** The job's latest failure, empty when it has none. */
  Optional<JobFailure> latestFailure(FlinkEndpoint endpoint, String jobId);

  /** Busy time, rates and source backlog of one vertex of the job. */
  VertexMetrics vertexMetrics(FlinkEndpoint endpoint, String jobId, JobVertex vertex);

  /**
   * The lowest input watermark of the sink writers chained into a vertex (each sink's {@code
   * Writer} operator), over its subtasks, in epoch milliseconds: the outputs have all input up to
   * this event time. Empty when the vertex writes no sink or its writers have seen no watermark.
   */
  OptionalLong writerInputWatermark(FlinkEndpoint endpoint, String jobId, JobVertex vertex);

  /** Violations per quality rule counted by the vertex's quality sink; empty for other vertices. */
  Map<String, Long> qualityViolations(FlinkEndpoint endpoint, String jobId, JobVertex vertex);

  /**
   * Takes a savepoint into {@code targetDirectory}, or Flink's {@code
   * execution.checkpointing.savepoint-dir} when empty; the job keeps running.
   */
  SavepointTrigger triggerSavepoint(FlinkEndpoint endpoint, String jobId, Optional<String> targetDirectory);

  /**
   * Asks for a checkpoint now, of the kind the job is configured for; it runs after one under way.
   * The job's rescale onto new slots waits for one (Flink 2's adaptive scheduler).
   *
   * @return the request's trigger id, for {@link #checkpointOutcome}
   */
  String triggerCheckpoint(FlinkEndpoint endpoint, String jobId);

  /**
   * What became of a checkpoint asked for; empty while it is under way. The job manager keeps the
   * outcome until it is read ({@code rest.async.store-duration}) and waits for that on shutdown.
   */
  Optional<CheckpointOutcome> checkpointOutcome(FlinkEndpoint endpoint, String jobId, String triggerId);

  /** The task slots of every task manager registered with the job manager. */
  int registeredSlots(FlinkEndpoint endpoint);

  /**
   * Stops the job with a savepoint, without draining: event-time timers do not fire, so the job
   * resumes from the savepoint where it stopped. The savepoint goes to Flink's {@code
   * execution.checkpointing.savepoint-dir}. The job ends FINISHED.
   */
  SavepointTrigger stopWithSavepoint(FlinkEndpoint endpoint, String jobId);

  /**
   * Where the savepoint was written, or empty while it is in progress.
   *
   * @throws SavepointFailedException when Flink reports that the savepoint failed
   */
  Optional<String> savepointLocation(FlinkEndpoint endpoint, SavepointTrigger trigger);
}
