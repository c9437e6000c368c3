package dev.sluice.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.awaitility.Awaitility.await;

/**
 * A real Flink MiniCluster with its REST endpoint on a random loopback port, one per test class
 * ({@code @RegisterExtension static}). Checkpoints and savepoints go to a temporary directory.
 */
public final class FlinkTestCluster implements BeforeAllCallback, AfterAllCallback {

  private final Configuration scheduling;
  private MiniCluster cluster;
  private Path storage;
  private URI restUri;

  /** A cluster with Flink's default scheduler. */
  public FlinkTestCluster() {
    this(new Configuration());
  }

  private FlinkTestCluster(Configuration scheduling) {
    this.scheduling = scheduling;
  }

  /**
   * A cluster whose jobs run under the adaptive scheduler, which rescales a running job in place
   * when its resource requirements change ({@code PUT /jobs/:jobid/resource-requirements}). It
   * rescales at the next completed checkpoint, without the production cool-down and stabilisation
   * waits, so that tests see a rescale within seconds.
   */
  public static FlinkTestCluster withAdaptiveScheduler() {
    Configuration scheduling = new Configuration();
    scheduling.set(JobManagerOptions.SCHEDULER, JobManagerOptions.SchedulerType.Adaptive);
    scheduling.set(JobManagerOptions.SCHEDULER_EXECUTING_COOLDOWN_AFTER_RESCALING, Duration.ZERO);
    scheduling.set(JobManagerOptions.SCHEDULER_EXECUTING_RESOURCE_STABILIZATION_TIMEOUT, Duration.ofSeconds(1));
    return new FlinkTestCluster(scheduling);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    storage = Files.createTempDirectory("sluice-flink-");
    Configuration config = new Configuration(scheduling);
    config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    config.set(RestOptions.ADDRESS, "127.0.0.1");
    config.set(RestOptions.PORT, 0);
    // The REST API serves metrics and job state from caches; refresh them fast so tests wait less.
    config.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(500));
    config.set(WebOptions.REFRESH_INTERVAL, Duration.ofMillis(500));
    // Closing waits for unread savepoint results this long; a failed test must not hang on it.
    config.set(RestOptions.ASYNC_OPERATION_STORE_DURATION, Duration.ofSeconds(10));
    config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, storage.resolve("checkpoints").toUri().toString());
    config.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, storage.resolve("savepoints").toUri().toString());
    cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
        .setConfiguration(config)
        .setNumTaskManagers(1)
        .setNumSlotsPerTaskManager(8)
        .build());
    cluster.start();
    restUri = cluster.getRestAddress().get();
    // Until the dispatcher wins its leader election, the REST API answers 503.
    await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(FlinkRestException.class)
        .until(() -> new FlinkRestClient().jobs(endpoint()) != null);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      cancelRunningJobs();
      cluster.close();
    } finally {
      try (Stream<Path> files = Files.walk(storage)) {
        files.sorted(Comparator.reverseOrder()).forEach(FlinkTestCluster::delete);
      }
    }
  }

  /** Jobs still running when the cluster closes fail noisily; end them quietly first. */
  private void cancelRunningJobs() throws Exception {
    FlinkRestClient client = new FlinkRestClient();
    for (var job : client.jobs(endpoint())) {
      if (!job.state().terminal()) {
        cancel(job.id());
      }
    }
    await().atMost(Duration.ofSeconds(30))
        .until(() -> client.jobs(endpoint()).stream().allMatch(job -> job.state().terminal()));
  }

  /** The endpoint a client uses to reach this cluster, on behalf of pipeline {@code test/observed}. */
  public FlinkEndpoint endpoint() {
    return new FlinkEndpoint("test/observed", restUri);
  }

  /** Sends every pipeline to this cluster: the tests' stand-in for the in-cluster Service. */
  public FlinkEndpointResolver resolver() {
    return pipeline -> restUri;
  }

  /** Submits the job and returns its id once the dispatcher accepted it. */
  public String submit(JobGraph job) throws Exception {
    cluster.submitJob(job).get();
    return job.getJobID().toString();
  }

  /** Where Flink says a job restored its state from; empty when it started without state. */
  public String restoredFrom(String jobId) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(restUri + "/jobs/" + jobId + "/checkpoints")).build(), HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(response.body()).path("latest").path("restored").path("external_path").asText();
  }

  /**
   * A job's failures as Flink's {@code GET /jobs/:jobid/exceptions} lists them, newest first, each
   * with its stack trace: what a test that timed out waiting for the job prints.
   */
  public String exceptions(String jobId) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(restUri + "/jobs/" + jobId + "/exceptions?maxExceptions=3")).build(),
        HttpResponse.BodyHandlers.ofString());
    StringBuilder failures = new StringBuilder();
    new ObjectMapper().readTree(response.body()).path("exceptionHistory").path("entries").forEach(entry ->
        failures.append(Instant.ofEpochMilli(entry.path("timestamp").asLong())).append(' ')
            .append(entry.path("stacktrace").asText()).append('\n'));
    return failures.isEmpty() ? "none (HTTP " + response.statusCode() + ")\n" : failures.toString();
  }

  /**
   * The latest checkpoint a job completed, as its job manager recorded it: what Kubernetes HA keeps
   * the pointer to. Once the job has ended this is final, unlike the REST API's checkpoint
   * statistics, which Flink caches for {@code rest.cache.checkpoint-statistics.timeout} (the
   * refresh interval): a job's last checkpoint can complete after they were cached, and then they
   * name the checkpoint before it, which the last one's completion deleted.
   */
  public Optional<String> latestCheckpoint(String jobId) throws InterruptedException, ExecutionException {
    CompletedCheckpointStats latest = cluster.getArchivedExecutionGraph(JobID.fromHexString(jobId)).get()
        .getCheckpointStatsSnapshot().getHistory().getLatestCompletedCheckpoint();
    return Optional.ofNullable(latest).map(CompletedCheckpointStats::getExternalPath);
  }

  /** Whether every task of the job runs: until then Flink refuses to checkpoint it. */
  public boolean allTasksRunning(String jobId) throws InterruptedException, ExecutionException {
    var graph = cluster.getArchivedExecutionGraph(JobID.fromHexString(jobId)).get();
    return graph.getState() == JobStatus.RUNNING && StreamSupport.stream(graph.getAllExecutionVertices().spliterator(),
        false).allMatch(vertex -> vertex.getExecutionState() == ExecutionState.RUNNING);
  }

  /** Cancels a job; Sluice's client has no cancel, since the operator never cancels a job. */
  public void cancel(String jobId) throws Exception {
    cluster.cancelJob(JobID.fromHexString(jobId)).get();
  }

  /** Where a savepoint was written, once it is; Flink's failure as the client reports it. */
  public String awaitSavepoint(FlinkJobClient client, SavepointTrigger trigger) {
    return await().atMost(Duration.ofSeconds(60)).until(() -> client.savepointLocation(endpoint(), trigger),
        Optional::isPresent).orElseThrow();
  }

  public MiniCluster miniCluster() {
    return cluster;
  }

  public URI restUri() {
    return restUri;
  }

  Path savepoints() {
    return storage.resolve("savepoints");
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
