package dev.sluice.reconciler.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.flink.CompletedCheckpoint;
import dev.sluice.flink.FlinkRestClient;
import dev.sluice.flink.FlinkTestCluster;
import dev.sluice.operator.SluiceOperator;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.KafkaBroker;
import dev.sluice.testing.MiniClusterJobManager;
import dev.sluice.testing.RealApiServer;
import dev.sluice.testing.TestSettings;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A last-state upgrade on real Flink, Kafka and API server: new SQL is deployed without a
 * savepoint, and the new job restores the old job's latest checkpoint, as Kubernetes HA makes it
 * in pods. The counts go on from where they were; a job started empty would count from zero,
 * since its source resumes from the consumer group's committed offsets.
 */
@ExtendWith(RealApiServer.class)
class LastStateUpgradeTest {

  @RegisterExtension
  static final FlinkTestCluster FLINK = new FlinkTestCluster();

  private static SluiceOperator operator;
  private static MiniClusterJobManager jobManager;
  private static Tallies tallies;

  @BeforeAll
  static void start(ApiServer api) {
    TestStreamEnvironment.setAsContext(FLINK.miniCluster(), 1);
    String namespace = api.newNamespace("last-state");
    operator = new SluiceOperator(api.client(), TestSettings.watching(namespace), FLINK.resolver(), Clock.systemUTC());
    operator.start();
    jobManager = new MiniClusterJobManager(api.client(), namespace, FLINK.restUri());
    tallies = new Tallies(api, KafkaBroker.shared(), namespace);
  }

  @AfterAll
  static void stop() {
    jobManager.close();
    operator.close();
    TestStreamEnvironment.unsetAsContext();
  }

  @Test
  void newSqlRestoresTheLatestCheckpointWithoutASavepoint() throws Exception {
    tallies.create();
    tallies.tap(Map.of("a", 3, "b", 5, "c", 8));
    await("counted").until(tallies::counts, Map.of("a", 3L, "b", 5L, "c", 8L)::equals);
    Pipeline first = await("running").until(tallies::pipeline, p -> p.getStatus() != null
        && p.getStatus().getPhase() == Phase.Running && p.getStatus().getJob() != null);
    String firstJob = first.getStatus().getJob().getId();

    tallies.patch("{\"spec\": {\"sql\": \"INSERT INTO tap_counts SELECT k, COUNT(*) FROM taps WHERE k <> 'z' "
        + "GROUP BY k\"}}");
    Pipeline upgraded = await("upgraded").until(tallies::pipeline, p -> p.getStatus().getPhase() == Phase.Running
        && !p.getStatus().getPlanHash().equals(first.getStatus().getPlanHash())
        && !p.getStatus().getJob().getId().equals(firstJob));
    assertNull(upgraded.getStatus().getSavepoint(), "last-state takes no savepoint");
    assertEquals("CANCELED", jobState(firstJob), "the old job was killed with its pods, not stopped");
    // Flink calls any restore from a given path a savepoint restore; the path says what it was.
    String latestCheckpoint = new FlinkRestClient().checkpoints(FLINK.endpoint(), firstJob).latestCompleted()
        .flatMap(CompletedCheckpoint::externalPath).orElseThrow();
    assertTrue(latestCheckpoint.contains("/" + firstJob + "/chk-"), latestCheckpoint);
    assertEquals(latestCheckpoint, restoredFrom(upgraded.getStatus().getJob().getId()));

    tallies.tap(Map.of("a", 1, "d", 2));
    await("counted on").until(tallies::counts, Map.of("a", 4L, "b", 5L, "c", 8L, "d", 2L)::equals);
    assertEquals(2, jobManager.starts("tallies"));
  }

  private static ConditionFactory await(String what) {
    return Awaitility.await(what).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500));
  }

  private static String jobState(String jobId) {
    return new FlinkRestClient().jobs(FLINK.endpoint()).stream()
        .filter(job -> job.id().equals(jobId)).findFirst().orElseThrow().state().name();
  }

  /** Where Flink says the job restored its state from. */
  private static String restoredFrom(String jobId) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(FLINK.restUri() + "/jobs/" + jobId + "/checkpoints")).build(), HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(response.body()).path("latest").path("restored").path("external_path").asText();
  }
}
