package dev.sluice.flink;

import dev.sluice.observation.CheckpointStats;
import dev.sluice.observation.CompletedCheckpoint;
import dev.sluice.observation.FailedCheckpoint;
import dev.sluice.observation.FlinkJobState;
import dev.sluice.observation.JobDetails;
import dev.sluice.observation.JobSummary;
import dev.sluice.observation.JobVertex;
import dev.sluice.observation.VertexMetrics;
import dev.sluice.flink.TestJobs.Snapshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST client against a real Flink MiniCluster running real streaming jobs. */
class FlinkRestClientTest {

  @RegisterExtension
  static final FlinkTestCluster FLINK = new FlinkTestCluster();

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static String jobId;

  private final FlinkRestClient client = new FlinkRestClient();
  private final FlinkEndpoint endpoint = FLINK.endpoint();

  @BeforeAll
  static void submitTheObservedJob() throws Exception {
    jobId = FLINK.submit(TestJobs.countingJob("observed"));
  }

  @AfterEach
  void takeSnapshotsAgain() {
    TestJobs.SNAPSHOTS.set(Snapshots.TAKE);
  }

  @Test
  void findsTheRunningJobWithItsIdNameAndStartTime() {
    JobSummary job = await().atMost(PATIENCE)
        .until(() -> client.applicationJob(endpoint, "observed").orElseThrow(),
            found -> found.state() == FlinkJobState.RUNNING);

    assertEquals(jobId, job.id());
    assertEquals("observed", job.name());
    assertTrue(job.startTime().isBefore(Instant.now()));
  }

  @Test
  void describesTheJobGraphAndItsRestarts() {
    JobDetails details = await().atMost(PATIENCE)
        .until(() -> client.job(endpoint, jobId), found -> found.restarts().isPresent() && !found.vertices().isEmpty());

    assertEquals(OptionalLong.of(0), details.restarts());
    assertEquals(2, details.vertices().size());
    JobVertex source = vertex(details, true);
    JobVertex sink = vertex(details, false);
    assertEquals("Source: " + TestJobs.SOURCE_NAME, source.name());
    assertFalse(source.sink());
    assertTrue(sink.sink());
    assertEquals(TestJobs.PARALLELISM, source.parallelism());
  }

  @Test
  void checkpointsCompleteAndTheLatestHasAPathDurationAndSize() {
    CheckpointStats first = awaitCheckpointed(jobId);
    CheckpointStats later = await().atMost(PATIENCE)
        .until(() -> client.checkpoints(endpoint, jobId), stats -> stats.completed() > first.completed());

    CompletedCheckpoint latest = later.latestCompleted().orElseThrow();
    assertTrue(latest.externalPath().orElseThrow().contains(jobId + "/chk-" + latest.id()), latest::toString);
    assertFalse(latest.duration().isNegative());
    assertFalse(latest.completionTime().isBefore(latest.triggerTime()));
    assertTrue(latest.stateSizeBytes() > 0);
  }

  @Test
  void vertexMetricsReportRatesBusyTimeAndTheSourceBacklog() {
    JobDetails details = client.job(endpoint, jobId);
    VertexMetrics source = await().atMost(PATIENCE)
        .until(() -> client.vertexMetrics(endpoint, jobId, vertex(details, true)), FlinkRestClientTest::reading);
    VertexMetrics sink = await().atMost(PATIENCE)
        .until(() -> client.vertexMetrics(endpoint, jobId, vertex(details, false)), FlinkRestClientTest::reading);

    assertEquals(OptionalLong.of(TestJobs.TOTAL_PENDING_RECORDS), source.pendingRecords());
    assertTrue(source.recordsOutPerSecond().orElseThrow() > 0);
    assertTrue(sink.pendingRecords().isEmpty());
    // The records counters, whose difference between two looks is the exact rate.
    assertTrue(source.recordsInCount().orElseThrow() > 0, source::toString);
    assertTrue(sink.recordsInCount().orElseThrow() > 0, sink::toString);
    for (VertexMetrics metrics : new VertexMetrics[] {source, sink}) {
      // The busy-time counter, whose difference between two looks is the busy time between them.
      assertTrue(metrics.busyTimeMsCount().orElseThrow() >= 0, metrics::toString);
      double average = metrics.averageBusyTimeMsPerSecond().orElseThrow();
      double max = metrics.maxBusyTimeMsPerSecond().orElseThrow();
      assertTrue(0 <= average && average <= max && max <= 1000, metrics::toString);
    }
  }

  @Test
  void sinkWritersWithoutWatermarksReportNone() {
    JobDetails details = client.job(endpoint, jobId);
    JobVertex sink = vertex(details, false);
    // Once the sink's metrics are there, its writer's Long.MIN_VALUE watermark is among them.
    await().atMost(PATIENCE).until(() -> client.vertexMetrics(endpoint, jobId, sink), FlinkRestClientTest::reading);
    assertEquals(OptionalLong.empty(), client.writerInputWatermark(endpoint, jobId, sink));
    assertEquals(OptionalLong.empty(), client.writerInputWatermark(endpoint, jobId, vertex(details, true)),
        "no sink writer in the source vertex");
  }

  @Test
  void aTriggeredSavepointIsWrittenAndTheJobKeepsRunning() {
    awaitCheckpointed(jobId);

    SavepointTrigger trigger = client.triggerSavepoint(endpoint, jobId, Optional.empty());
    Path savepoint = Path.of(URI.create(FLINK.awaitSavepoint(client, trigger)));

    assertTrue(savepoint.startsWith(FLINK.savepoints()), savepoint::toString);
    assertTrue(Files.exists(savepoint.resolve("_metadata")), savepoint::toString);
    assertEquals(FlinkJobState.RUNNING, client.job(endpoint, jobId).summary().state());
  }

  @Test
  void aSavepointInProgressHasNoLocationUntilItIsWritten() {
    awaitCheckpointed(jobId);
    TestJobs.SNAPSHOTS.set(Snapshots.STALL);
    SavepointTrigger trigger = client.triggerSavepoint(endpoint, jobId, Optional.empty());

    await().during(Duration.ofMillis(300)).atMost(PATIENCE)
        .until(() -> client.savepointLocation(endpoint, trigger).isEmpty());
    TestJobs.SNAPSHOTS.set(Snapshots.TAKE);

    Path savepoint = Path.of(URI.create(FLINK.awaitSavepoint(client, trigger)));
    assertTrue(Files.exists(savepoint.resolve("_metadata")), savepoint::toString);
  }

  @Test
  void aSavepointThatCannotBeWrittenFailsWithFlinksCause() {
    awaitCheckpointed(jobId);
    SavepointTrigger trigger = client.triggerSavepoint(
        endpoint, jobId, Optional.of("file:///proc/sluice-cannot-write-here"));

    SavepointFailedException failure = assertThrows(SavepointFailedException.class,
        () -> FLINK.awaitSavepoint(client, trigger));

    assertEquals("test/observed", failure.pipeline());
    assertTrue(failure.uri().getPath().endsWith("/savepoints/" + trigger.triggerId()), failure.uri()::toString);
    assertTrue(failure.getMessage().contains("CheckpointException"), failure::getMessage);
  }

  @Test
  void countsCheckpointFailuresUntilOneCompletesAgain() {
    awaitCheckpointed(jobId);
    TestJobs.SNAPSHOTS.set(Snapshots.EXPIRE);

    CheckpointStats failing = await().atMost(PATIENCE)
        .until(() -> client.checkpoints(endpoint, jobId), stats -> stats.failuresSinceLastCompleted() >= 2);
    FailedCheckpoint latestFailed = failing.latestFailed().orElseThrow();
    assertTrue(latestFailed.failureMessage().isPresent());
    assertTrue(latestFailed.id() > failing.latestCompleted().orElseThrow().id());

    TestJobs.SNAPSHOTS.set(Snapshots.TAKE);
    CheckpointStats recovered = await().atMost(PATIENCE)
        .until(() -> client.checkpoints(endpoint, jobId), stats -> stats.failuresSinceLastCompleted() == 0);
    assertTrue(recovered.latestCompleted().orElseThrow().id() > latestFailed.id());
  }

  @Test
  void stopWithSavepointFinishesTheJobAndReturnsTheLocation() throws Exception {
    String stopped = FLINK.submit(TestJobs.countingJob("stopped"));
    awaitCheckpointed(stopped);
    SavepointTrigger trigger = client.stopWithSavepoint(endpoint, stopped);
    Path savepoint = Path.of(URI.create(FLINK.awaitSavepoint(client, trigger)));

    assertTrue(savepoint.startsWith(FLINK.savepoints()), savepoint::toString);
    assertTrue(Files.exists(savepoint.resolve("_metadata")), savepoint::toString);
    await().atMost(PATIENCE)
        .until(() -> client.job(endpoint, stopped).summary().state() == FlinkJobState.FINISHED);
  }

  @Test
  void aCheckpointAskedForCompletesLongBeforeThePeriodicOneAndSaysWhichItWas() throws Exception {
    String rare = FLINK.submit(TestJobs.countingJob("rarely-checkpointed", Duration.ofHours(1)));
    try {
      awaitRunningTasks(rare);
      Instant asked = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      String trigger = client.triggerCheckpoint(endpoint, rare);
      CheckpointOutcome outcome = await().atMost(PATIENCE)
          .until(() -> client.checkpointOutcome(endpoint, rare, trigger), Optional::isPresent).orElseThrow();

      CheckpointStats stats = client.checkpoints(endpoint, rare);
      assertEquals(Optional.empty(), outcome.failure());
      assertEquals(stats.latestCompleted().orElseThrow().id(), outcome.completedId().orElseThrow());
      assertFalse(stats.latestCompleted().orElseThrow().triggerTime().isBefore(asked));
      assertEquals(0, stats.inProgress());
    } finally {
      FLINK.cancel(rare);
    }
  }

  @Test
  void aCheckpointAskedForThatExpiresSaysWhy() throws Exception {
    String rare = FLINK.submit(TestJobs.countingJob("expiring", Duration.ofHours(1)));
    try {
      awaitRunningTasks(rare);
      TestJobs.SNAPSHOTS.set(Snapshots.EXPIRE);
      String trigger = client.triggerCheckpoint(endpoint, rare);
      assertEquals(1, await().atMost(PATIENCE).until(() -> client.checkpoints(endpoint, rare).inProgress(),
          inProgress -> inProgress > 0), "under way while the snapshot stalls");
      CheckpointOutcome outcome = await().atMost(PATIENCE)
          .until(() -> client.checkpointOutcome(endpoint, rare, trigger), Optional::isPresent).orElseThrow();

      assertTrue(outcome.completedId().isEmpty());
      assertTrue(outcome.failure().orElseThrow().contains("expired"), outcome.failure()::toString);
    } finally {
      FLINK.cancel(rare);
    }
  }

  @Test
  void countsTheSlotsOfTheRegisteredTaskManagers() {
    assertEquals(8, client.registeredSlots(endpoint), "one task manager of 8 slots");
  }

  @Test
  void anUnknownJobIsNotFoundAndTheErrorNamesPipelineAndUri() {
    String unknown = "0".repeat(32);

    FlinkRestException error = assertThrows(FlinkRestException.class, () -> client.checkpoints(endpoint, unknown));

    assertEquals(OptionalInt.of(404), error.status());
    assertTrue(error.notFound());
    assertEquals(endpoint.resolve("/jobs/" + unknown + "/checkpoints"), error.uri());
    assertTrue(error.getMessage().contains("test/observed"), error::getMessage);
    assertTrue(error.getMessage().contains("Job " + unknown + " not found"), error::getMessage);
  }

  /** Waits until every task of the job runs: until then Flink refuses a checkpoint. */
  private void awaitRunningTasks(String job) {
    await().atMost(PATIENCE).until(() -> FLINK.allTasksRunning(job));
  }

  /** Waits for a completed checkpoint, which also proves that every task of the job runs. */
  private CheckpointStats awaitCheckpointed(String job) {
    // A job just submitted may answer 500 until its execution graph exists.
    return await().atMost(PATIENCE).ignoreExceptionsInstanceOf(FlinkRestException.class)
        .until(() -> client.checkpoints(endpoint, job), stats -> stats.latestCompleted().isPresent());
  }

  /** Whether Flink has reported the vertex's rates and busy time, with records flowing. */
  private static boolean reading(VertexMetrics metrics) {
    return metrics.recordsInPerSecond().orElse(0) > 0 && metrics.maxBusyTimeMsPerSecond().isPresent();
  }

  private static JobVertex vertex(JobDetails details, boolean source) {
    return details.vertices().stream().filter(vertex -> vertex.source() == source).findFirst().orElseThrow();
  }
}
