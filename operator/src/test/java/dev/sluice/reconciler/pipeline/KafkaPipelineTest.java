package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.LagStatus;
import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.observation.CompletedCheckpoint;
import dev.sluice.flink.FlinkRestClient;
import dev.sluice.flink.FlinkTestCluster;
import dev.sluice.testing.ApiServer;
import dev.sluice.fixtures.KafkaBroker;
import dev.sluice.testing.OperatorOnFlink;
import dev.sluice.testing.RealApiServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link Tallies} pipeline over a real Kafka broker, API server and Flink, each test in a
 * namespace of its own: its lag from the consumer group and its freshness, and a last-state
 * upgrade. Its counts prove what state each job kept.
 */
@ExtendWith(RealApiServer.class)
class KafkaPipelineTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @RegisterExtension
  static final FlinkTestCluster FLINK = new FlinkTestCluster();

  /**
   * Next to Flink's figure while the job runs, the consumer group's stands in for it while the
   * pipeline is suspended, when the freshness of the pipeline and of the Dataset it writes grows.
   */
  @Test
  void theConsumerGroupCrossChecksFlinkAndStandsInWhileSuspended(ApiServer api) throws Exception {
    try (OperatorOnFlink operator = OperatorOnFlink.start(api, FLINK, "lag")) {
      Tallies tallies = new Tallies(api, KafkaBroker.shared(), operator.namespace());
      tallies.create();
      Map<String, Long> counted = new TreeMap<>(Map.of("a", 3L, "b", 5L, "c", 8L));
      tallies.tap(Map.of("a", 3, "b", 5, "c", 8));
      await("counted").until(tallies::counts, counted::equals);
      Pipeline caughtUp = await("caught up").until(tallies::pipeline, lag(l -> "flink".equals(l.getSource())
          && Long.valueOf(0).equals(l.getConsumerGroupRecords())));
      LagStatus running = caughtUp.getStatus().getLag();
      assertNotNull(caughtUp.getStatus().getFreshThrough(), "no event time: fresh through the last checkpoint");
      assertEquals(1, running.getInputs().size());
      assertEquals("taps", running.getInputs().get(0).getDataset());
      assertEquals("sluice-" + operator.namespace() + "-tallies", running.getInputs().get(0).getConsumerGroup(),
          "the group the plan gives the source");

      tallies.patch("{\"spec\": {\"suspend\": true}}");
      await("suspended").until(tallies::pipeline, status(s -> s.getPhase() == Phase.Suspended));
      tallies.tap(Map.of("a", 4, "d", 9));
      LagStatus suspended = await("lag from the group").until(tallies::pipeline,
          lag(l -> Long.valueOf(13).equals(l.getConsumerGroupRecords()))).getStatus().getLag();
      assertEquals(13, suspended.getRecords(), "no job reports pendingRecords, so the group's figure stands in");
      assertEquals("kafka", suspended.getSource());
      assertEquals(13, suspended.getInputs().get(0).getRecords());

      // Nothing new reaches the output while suspended: the output stays fresh through the same
      // time, which ages, and so does the Dataset the pipeline writes.
      PipelineStatus stopped = tallies.pipeline().getStatus();
      String freshThrough = stopped.getFreshThrough();
      await("aging").until(tallies::pipeline, status(s -> freshThrough.equals(s.getFreshThrough())
          && s.getFreshnessSeconds() > stopped.getFreshnessSeconds() + 2));
      await("dataset aging").until(() -> tallies.dataset("tap-counts"), d -> d.getStatus() != null
          && freshThrough.equals(d.getStatus().getFreshThrough())
          && d.getStatus().getFreshnessSeconds() > stopped.getFreshnessSeconds() + 2);

      tallies.patch("{\"spec\": {\"suspend\": false}}");
      counted.put("a", 7L);
      counted.put("d", 9L);
      await("resumed and caught up").until(tallies::counts, counted::equals);
      await("group lag drained").until(tallies::pipeline, lag(l -> "flink".equals(l.getSource())
          && Long.valueOf(0).equals(l.getConsumerGroupRecords())));

      for (String[] resource : new String[][] {{"Pipeline", "tallies"}, {"Dataset", "tap-counts"}}) {
        assertTrue(operator.operator().registry().get("sluice_reconcile").tags("kind", resource[0], "name", resource[1],
            "namespace", operator.namespace(), "outcome", "ok").counter().count() > 0, String.join("/", resource));
      }
    }
  }

  /**
   * New SQL is deployed without a savepoint, and the new job restores the old job's latest
   * checkpoint, as Kubernetes HA makes it in pods. The counts go on from where they were; a job
   * started empty would count from zero, since its source resumes from the committed offsets.
   */
  @Test
  void aLastStateUpgradeRestoresTheLatestCheckpoint(ApiServer api) throws Exception {
    try (OperatorOnFlink operator = OperatorOnFlink.start(api, FLINK, "last-state")) {
      Tallies tallies = new Tallies(api, KafkaBroker.shared(), operator.namespace());
      tallies.create();
      tallies.tap(Map.of("a", 3, "b", 5, "c", 8));
      await("counted").until(tallies::counts, Map.of("a", 3L, "b", 5L, "c", 8L)::equals);
      Pipeline first = awaitPipeline("running", tallies, operator, status(s -> s.getPhase() == Phase.Running
          && s.getJob() != null));
      String firstJob = first.getStatus().getJob().getId();

      tallies.patch("{\"spec\": {\"sql\": \"INSERT INTO tap_counts SELECT k, COUNT(*) FROM taps WHERE k <> 'z' "
          + "GROUP BY k\"}}");
      Pipeline upgraded = awaitPipeline("upgraded", tallies, operator, status(s -> s.getPhase() == Phase.Running
          && !s.getPlanHash().equals(first.getStatus().getPlanHash()) && !s.getJob().getId().equals(firstJob)));
      assertNull(upgraded.getStatus().getSavepoint(), "last-state takes no savepoint");
      assertEquals("CANCELED", jobState(firstJob), "the old job was killed with its pods, not stopped");
      // Flink calls any restore from a given path a savepoint restore; the path says what it was.
      String latestCheckpoint = new FlinkRestClient().checkpoints(FLINK.endpoint(), firstJob).latestCompleted()
          .flatMap(CompletedCheckpoint::externalPath).orElseThrow();
      assertTrue(latestCheckpoint.contains("/" + firstJob + "/chk-"), latestCheckpoint);
      assertEquals(latestCheckpoint, FLINK.restoredFrom(upgraded.getStatus().getJob().getId()));

      tallies.tap(Map.of("a", 1, "d", 2));
      await("counted on").until(tallies::counts, Map.of("a", 4L, "b", 5L, "c", 8L, "d", 2L)::equals);
      assertEquals(2, operator.jobManager().starts("tallies"));
    }
  }

  private static ConditionFactory await(String what) {
    return Awaitility.await(what).atMost(TIMEOUT).pollInterval(Duration.ofMillis(500));
  }

  /**
   * Waits for the Pipeline; a timeout shows its last status and the failures of the job the
   * stand-in runs for it, which say why it never got there.
   */
  private static Pipeline awaitPipeline(String what, Tallies tallies, OperatorOnFlink operator,
      Predicate<Pipeline> condition) throws IOException, InterruptedException {
    try {
      return await(what).until(tallies::pipeline, condition);
    } catch (ConditionTimeoutException timeout) {
      Pipeline last = tallies.pipeline();
      Optional<String> job = operator.jobManager().jobId("tallies");
      // Awaitility's own message prints the whole resource, spec and managed fields included.
      throw new AssertionError("Pipeline " + operator.namespace() + "/tallies not " + what + " within "
          + TIMEOUT.toSeconds() + " s; its status:\n" + Serialization.asYaml(last == null ? null : last.getStatus())
          + "exceptions of job " + job.orElse("(none running)") + ":\n"
          + (job.isPresent() ? FLINK.exceptions(job.get()) : "-"), timeout);
    }
  }

  private static String jobState(String jobId) {
    return new FlinkRestClient().jobs(FLINK.endpoint()).stream()
        .filter(job -> job.id().equals(jobId)).findFirst().orElseThrow().state().name();
  }

  private static Predicate<Pipeline> status(Predicate<PipelineStatus> condition) {
    return pipeline -> pipeline != null && pipeline.getStatus() != null && condition.test(pipeline.getStatus());
  }

  private static Predicate<Pipeline> lag(Predicate<LagStatus> condition) {
    return status(s -> s.getLag() != null && condition.test(s.getLag()));
  }
}
