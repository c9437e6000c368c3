package dev.sluice.reconciler.dataset;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.flink.FlinkTestCluster;
import dev.sluice.testing.ApiServer;
import dev.sluice.fixtures.KafkaBroker;
import dev.sluice.testing.OperatorOnFlink;
import dev.sluice.testing.RealApiServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Freshness with event time on real Flink, Kafka and API server: each Pipeline is fresh through
 * its sink writers' watermark, and the Dataset both write is as fresh as the stalest of them,
 * following their status as it changes.
 */
@ExtendWith(RealApiServer.class)
class DatasetFreshnessTest {

  @RegisterExtension
  static final FlinkTestCluster FLINK = new FlinkTestCluster();
  private static final Duration WATERMARK_DELAY = Duration.ofSeconds(10);

  private static ApiServer api;
  private static KafkaBroker kafka;
  private static OperatorOnFlink operator;
  private static String namespace;

  @BeforeAll
  static void start(ApiServer server) {
    api = server;
    kafka = KafkaBroker.shared();
    operator = OperatorOnFlink.start(server, FLINK, "freshness");
    namespace = operator.namespace();
  }

  @AfterAll
  static void stop() {
    operator.close();
  }

  @Test
  void aDatasetIsAsFreshAsItsStalestProducer() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant twoHoursAgo = now.minus(Duration.ofHours(2));
    Instant oneHourAgo = now.minus(Duration.ofHours(1));
    create(readings("east"), readings("west"), """
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: all-readings}
        spec:
          connector: {blackhole: {}}
          schema:
            columns: [{name: site, type: STRING}, {name: ts, type: TIMESTAMP(3)}]
        """, copy("east"), copy("west"));
    read("east", twoHoursAgo);
    read("west", oneHourAgo);

    awaitFreshThrough("copy-east", twoHoursAgo.minus(WATERMARK_DELAY));
    awaitFreshThrough("copy-west", oneHourAgo.minus(WATERMARK_DELAY));
    Dataset all = awaitDataset(d -> Objects.equals(d.getStatus().getFreshThrough(),
        twoHoursAgo.minus(WATERMARK_DELAY).toString()));
    assertTrue(all.getStatus().getFreshness().startsWith("2h"), all.getStatus().getFreshness());
    assertTrue(all.getStatus().getFreshnessSeconds() >= Duration.ofHours(2).plus(WATERMARK_DELAY).toSeconds());
    Dataset east = api.client().resources(Dataset.class).inNamespace(namespace).withName("east-readings").get();
    assertNull(east.getStatus().getFreshThrough(), "no pipeline writes it");
    assertNull(east.getStatus().getLastWriteTime(), "no pipeline writes it");
    Dataset written = awaitDataset(d -> d.getStatus().getLastWriteTime() != null);
    assertFalse(Instant.parse(written.getStatus().getLastWriteTime()).isBefore(now),
        "written by the copies during this test: " + written.getStatus().getLastWriteTime());

    // Newer readings in the east: the west is now the stalest producer.
    Instant halfAnHourAgo = now.minus(Duration.ofMinutes(30));
    read("east", halfAnHourAgo);
    awaitFreshThrough("copy-east", halfAnHourAgo.minus(WATERMARK_DELAY));
    awaitDataset(d -> Objects.equals(d.getStatus().getFreshThrough(), oneHourAgo.minus(WATERMARK_DELAY).toString()));
  }

  private static String readings(String site) {
    kafka.createTopic(namespace + "." + site, 1);
    return """
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: %s-readings}
        spec:
          connector: {kafka: {topic: %s.%s, bootstrapServers: '%s'}}
          schema:
            columns: [{name: site, type: STRING}, {name: ts, type: TIMESTAMP(3)}]
            eventTime: {column: ts, watermarkDelay: %ds}
        """.formatted(site, namespace, site, kafka.bootstrapServers(), WATERMARK_DELAY.toSeconds());
  }

  private static String copy(String site) {
    return """
        apiVersion: sluice.dev/v1alpha1
        kind: Pipeline
        metadata: {name: copy-%s}
        spec:
          inputs: [%s-readings]
          outputs: [all-readings]
          sql: INSERT INTO all_readings SELECT site, ts FROM %s_readings
          parallelism: {initial: 1, max: 1}
          checkpointing: {interval: 1s}
        """.formatted(site, site, site);
  }

  private static void create(String... manifests) {
    api.client().load(new ByteArrayInputStream(String.join("---\n", manifests).getBytes(StandardCharsets.UTF_8)))
        .inNamespace(namespace).create();
  }

  /** Ten readings, the newest at {@code newest}. */
  private static void read(String site, Instant newest) {
    List<Map.Entry<String, String>> records = IntStream.range(0, 10)
        .mapToObj(i -> Map.entry(site, "{\"site\":\"" + site + "\",\"ts\":\"" + newest.minusSeconds(9 - i)
            .toString().replace("Z", "") + "\"}"))
        .toList();
    kafka.produce(namespace + "." + site, records);
  }

  private static void awaitFreshThrough(String pipeline, Instant expected) {
    Awaitility.await(pipeline + " fresh through " + expected).atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> api.client().resources(Pipeline.class).inNamespace(namespace).withName(pipeline).get(),
            p -> p.getStatus() != null && expected.toString().equals(p.getStatus().getFreshThrough()));
  }

  private static Dataset awaitDataset(Predicate<Dataset> condition) {
    return Awaitility.await("all-readings").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> api.client().resources(Dataset.class).inNamespace(namespace).withName("all-readings").get(),
            d -> d.getStatus() != null && condition.test(d));
  }
}
