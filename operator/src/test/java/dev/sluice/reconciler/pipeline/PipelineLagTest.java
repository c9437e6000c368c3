package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.LagStatus;
import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
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

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Pipeline's lag from its Kafka consumer group, on a real broker, API server and Flink: next to
 * Flink's figure while the job runs, and in its place while the pipeline is suspended, when its
 * freshness, and that of the Dataset it writes, grows.
 */
@ExtendWith(RealApiServer.class)
class PipelineLagTest {

  @RegisterExtension
  static final FlinkTestCluster FLINK = new FlinkTestCluster();

  private static String namespace;
  private static SluiceOperator operator;
  private static MiniClusterJobManager jobManager;
  private static Tallies tallies;

  @BeforeAll
  static void start(ApiServer api) {
    TestStreamEnvironment.setAsContext(FLINK.miniCluster(), 1);
    namespace = api.newNamespace("lag");
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
  void theConsumerGroupCrossChecksFlinkAndStandsInWhileSuspended() throws Exception {
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
    assertEquals("sluice-" + namespace + "-tallies", running.getInputs().get(0).getConsumerGroup(),
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

    String metrics = operator.registry().scrape();
    for (String kind : new String[] {"Pipeline\",name=\"tallies", "Dataset\",name=\"tap-counts"}) {
      assertTrue(metrics.contains("sluice_reconcile_total{kind=\"" + kind + "\",namespace=\"" + namespace
          + "\",outcome=\"ok\"}"), metrics);
    }
  }

  private static ConditionFactory await(String what) {
    return Awaitility.await(what).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500));
  }

  private static Predicate<Pipeline> status(Predicate<PipelineStatus> condition) {
    return pipeline -> pipeline != null && pipeline.getStatus() != null && condition.test(pipeline.getStatus());
  }

  private static Predicate<Pipeline> lag(Predicate<LagStatus> condition) {
    return status(s -> s.getLag() != null && condition.test(s.getLag()));
  }
}
