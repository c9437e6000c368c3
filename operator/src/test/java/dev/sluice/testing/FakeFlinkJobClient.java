package dev.sluice.testing;

import dev.sluice.flink.CheckpointOutcome;
import dev.sluice.flink.FlinkEndpoint;
import dev.sluice.flink.FlinkJobClient;
import dev.sluice.flink.FlinkRestException;
import dev.sluice.flink.SavepointTrigger;
import dev.sluice.observation.CheckpointStats;
import dev.sluice.observation.CompletedCheckpoint;
import dev.sluice.observation.FlinkJobState;
import dev.sluice.observation.JobDetails;
import dev.sluice.observation.JobFailure;
import dev.sluice.observation.JobSummary;
import dev.sluice.observation.JobVertex;
import dev.sluice.observation.VertexMetrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A FAKE job manager for unit-level tests of the reconcile's edge cases: one job of a given name,
 * whose state, savepoints and checkpoints the test sets, and which counts the savepoints and
 * checkpoints it is asked for. The real-component tests use Flink's MiniCluster behind the real
 * REST client.
 */
public final class FakeFlinkJobClient implements FlinkJobClient {

  private final String jobName;
  private final AtomicInteger stops = new AtomicInteger();
  private final AtomicInteger checkpointTriggers = new AtomicInteger();
  private final AtomicInteger checkpointsCompleted = new AtomicInteger();
  private volatile FlinkJobState state = FlinkJobState.RUNNING;
  private volatile String jobId = "00000000000000000000000000000001";
  private volatile Optional<String> savepoint = Optional.empty();
  private volatile RuntimeException failure;
  private volatile Runnable onCall = () -> { };
  private volatile String lostStop;

  public FakeFlinkJobClient(String jobName) {
    this.jobName = jobName;
  }

  /** How many times the job was asked to stop with a savepoint. */
  public int stops() {
    return stops.get();
  }

  /** The savepoint in progress is written; the job has finished. */
  public void completeSavepoint(String location) {
    savepoint = Optional.of(location);
    state = FlinkJobState.FINISHED;
  }

  /**
   * The next stop with a savepoint stops the job with one at {@code location}, but its answer is
   * lost on the way back, as when the job manager answers after the client's timeout.
   */
  public void loseTheNextStopsAnswer(String location) {
    lostStop = location;
  }

  /** Every call fails as an unreachable job manager does, until {@code null} is given. */
  public void failWith(RuntimeException failure) {
    this.failure = failure;
  }

  /** Runs on every call, on the caller's thread: a test's way to cause events mid-reconcile. */
  public void onCall(Runnable onCall) {
    this.onCall = onCall;
  }

  private void call(FlinkEndpoint endpoint) {
    onCall.run();
    RuntimeException failing = failure;
    if (failing != null) {
      throw failing instanceof FlinkRestException ? failing
          : new FlinkRestException(endpoint.pipeline(), endpoint.uri(), failing.getMessage(), failing);
    }
  }

  @Override
  public List<JobSummary> jobs(FlinkEndpoint endpoint) {
    call(endpoint);
    return List.of(new JobSummary(jobId, jobName, state, Instant.EPOCH));
  }

  @Override
  public JobDetails job(FlinkEndpoint endpoint, String id) {
    call(endpoint);
    return new JobDetails(new JobSummary(jobId, jobName, state, Instant.EPOCH), OptionalLong.of(0), List.of());
  }

  @Override
  public CheckpointStats checkpoints(FlinkEndpoint endpoint, String id) {
    call(endpoint);
    // Flink reports the savepoint a job ended on as its latest, with no checkpoint after it.
    return new CheckpointStats(0, Optional.empty(), Optional.empty(), 0, savepoint.filter(path -> state
        == FlinkJobState.FINISHED).map(path -> new CompletedCheckpoint(1, Instant.EPOCH, Instant.EPOCH, Duration.ZERO,
        0, Optional.of(path))), 0);
  }

  @Override
  public Optional<JobFailure> latestFailure(FlinkEndpoint endpoint, String id) {
    call(endpoint);
    return Optional.empty();
  }

  @Override
  public VertexMetrics vertexMetrics(FlinkEndpoint endpoint, String id, JobVertex vertex) {
    throw new UnsupportedOperationException("the fake job has no vertices");
  }

  @Override
  public OptionalLong writerInputWatermark(FlinkEndpoint endpoint, String id, JobVertex vertex) {
    return OptionalLong.empty();
  }

  @Override
  public Map<String, Long> qualityViolations(FlinkEndpoint endpoint, String id, JobVertex vertex) {
    return Map.of();
  }

  @Override
  public SavepointTrigger triggerSavepoint(FlinkEndpoint endpoint, String id, Optional<String> targetDirectory) {
    throw new UnsupportedOperationException("not asked of the fake");
  }

  /** A checkpoint asked for is under way until the test completes it. */
  @Override
  public String triggerCheckpoint(FlinkEndpoint endpoint, String id) {
    call(endpoint);
    return "checkpoint-trigger-" + checkpointTriggers.incrementAndGet();
  }

  @Override
  public Optional<CheckpointOutcome> checkpointOutcome(FlinkEndpoint endpoint, String id, String triggerId) {
    call(endpoint);
    int asked = Integer.parseInt(triggerId.substring("checkpoint-trigger-".length()));
    return asked <= checkpointsCompleted.get()
        ? Optional.of(new CheckpointOutcome(OptionalLong.of(asked), Optional.empty())) : Optional.empty();
  }

  /** How many checkpoints the job was asked for. */
  public int checkpointTriggers() {
    return checkpointTriggers.get();
  }

  /** Every checkpoint asked for so far is complete. */
  public void completeCheckpoints() {
    checkpointsCompleted.set(checkpointTriggers.get());
  }

  /** The fake job runs no subtasks, and the fake cluster has no slots beyond them. */
  @Override
  public int registeredSlots(FlinkEndpoint endpoint) {
    call(endpoint);
    return 0;
  }

  @Override
  public SavepointTrigger stopWithSavepoint(FlinkEndpoint endpoint, String id) {
    call(endpoint);
    int stop = stops.incrementAndGet();
    String lost = lostStop;
    if (lost != null) {
      lostStop = null;
      completeSavepoint(lost);
      throw new FlinkRestException(endpoint.pipeline(), endpoint.uri(), "request timed out", null);
    }
    return new SavepointTrigger(id, "trigger-" + stop);
  }

  @Override
  public Optional<String> savepointLocation(FlinkEndpoint endpoint, SavepointTrigger trigger) {
    call(endpoint);
    return savepoint;
  }
}
