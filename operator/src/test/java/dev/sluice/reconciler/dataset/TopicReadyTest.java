package dev.sluice.reconciler.dataset;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.operator.SluiceOperator;
import dev.sluice.reconciler.Conditions;
import dev.sluice.testing.ApiServer;
import dev.sluice.fixtures.KafkaBroker;
import dev.sluice.testing.RealApiServer;
import dev.sluice.testing.TestSettings;
import io.fabric8.kubernetes.api.model.Condition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Kafka Dataset's topic is checked against a real broker and reported as TopicReady. */
@ExtendWith(RealApiServer.class)
class TopicReadyTest {

  private static ApiServer api;
  private static String namespace;
  private static SluiceOperator operator;
  private static KafkaBroker kafka;

  @BeforeAll
  static void start(ApiServer server) {
    api = server;
    kafka = KafkaBroker.shared();
    namespace = server.newNamespace("topics");
    operator = new SluiceOperator(server.client(), TestSettings.watching(namespace), Clock.systemUTC());
    operator.start();
  }

  @AfterAll
  static void stop() {
    operator.close();
  }

  @Test
  void reportsAMissingTopicThenAPartitionMismatchThenReady() {
    kafka.createTopic("payments.v1", 2);
    create("payments", "payments.v1", 3);
    create("refunds", "refunds.v1", 1);

    Condition missing = awaitTopicCondition("refunds", c -> "TopicNotFound".equals(c.getReason()));
    assertTrue(missing.getMessage().contains("topic refunds.v1 does not exist on " + kafka.bootstrapServers()
        + "; create it with 1 partitions"), missing.getMessage());
    assertTrue(api.events(namespace, "refunds").stream().anyMatch(e -> "TopicNotFound".equals(e.getReason())));

    Condition mismatch = awaitTopicCondition("payments", c -> "PartitionMismatch".equals(c.getReason()));
    assertEquals("topic payments.v1 has 2 partitions but spec.connector.kafka.partitions says 3; correct the "
        + "field, or add partitions to the topic", mismatch.getMessage());
    Dataset payments = api.client().resources(Dataset.class).inNamespace(namespace).withName("payments").get();
    assertEquals("False", Conditions.find(payments.getStatus().getConditions(), "Ready").orElseThrow().getStatus());

    api.client().genericKubernetesResources("sluice.dev/v1alpha1", "Dataset").inNamespace(namespace)
        .withName("payments").edit(dataset -> {
          Map<String, Object> spec = dataset.get("spec", "connector", "kafka");
          spec.put("partitions", 2);
          return dataset;
        });
    awaitTopicCondition("payments", c -> "True".equals(c.getStatus()));
  }

  @Test
  void unreachableBrokersAreNamed() {
    create("ledger", "ledger.v1", 1, "no-such-broker.invalid:9092");
    Condition unreachable = awaitTopicCondition("ledger", c -> "BrokersUnreachable".equals(c.getReason()));
    assertTrue(unreachable.getMessage().contains("no-such-broker.invalid:9092 (spec.connector.kafka.bootstrapServers)"),
        unreachable.getMessage());
  }

  private static void create(String name, String topic, int partitions) {
    create(name, topic, partitions, kafka.bootstrapServers());
  }

  private static void create(String name, String topic, int partitions, String bootstrap) {
    String manifest = """
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: %s}
        spec:
          connector: {kafka: {topic: %s, bootstrapServers: '%s', partitions: %d}}
          schema: {columns: [{name: id, type: BIGINT}]}
        """.formatted(name, topic, bootstrap, partitions);
    api.client().load(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8))).inNamespace(namespace)
        .create();
  }

  private static Condition awaitTopicCondition(String dataset, Predicate<Condition> wanted) {
    return await(dataset + " TopicReady").atMost(Duration.ofSeconds(60)).until(() -> {
      Dataset current = api.client().resources(Dataset.class).inNamespace(namespace).withName(dataset).get();
      return current.getStatus() == null ? null
          : Conditions.find(current.getStatus().getConditions(), "TopicReady").orElse(null);
    }, condition -> condition != null && wanted.test(condition));
  }
}
