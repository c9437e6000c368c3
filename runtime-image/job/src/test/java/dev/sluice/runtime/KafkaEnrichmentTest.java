package dev.sluice.runtime;

import dev.sluice.api.ManifestSet;
import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanBuilder;
import dev.sluice.fixtures.Examples;
import dev.sluice.fixtures.JobTestCluster;
import dev.sluice.fixtures.KafkaBroker;
import dev.sluice.fixtures.Specs;
import dev.sluice.fixtures.TestDatasets;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The order-enrichment example on a real broker: orders joined with the customer as they were at
 * the order's time (an event-time temporal join on a Debezium changelog), through the quality
 * rules, written with transactions. Flink's JSON format writes decimals without trailing zeros.
 */
class KafkaEnrichmentTest {

  @RegisterExtension
  static final MiniClusterExtension FLINK = JobTestCluster.extension(1, 2);
  private static final KafkaBroker KAFKA = KafkaBroker.shared();

  @TempDir
  Path state;

  @Test
  void ordersAreEnrichedWithTheCustomerAsOfTheOrderTime() throws Exception {
    ManifestSet example = Examples.load("order-enrichment");
    Map<String, DatasetSpec> datasets = TestDatasets.onBroker(Examples.datasets(example), KAFKA);
    PipelinePlan plan = PlanBuilder.build("shop", "enrich-orders",
        Specs.checkpointingEvery(example.pipelines().get(0).getSpec(), "1s"), datasets,
        JobTestCluster.defaults(state)).plan();

    KAFKA.produce("crm.public.customers", List.of(
        Map.entry("c1", created("c1", "Ann", "DE", "retail", "10:00:00")),
        Map.entry("c2", created("c2", "Bob", "FR", "business", "10:00:00")),
        Map.entry("c1", updated("c1", "Ann", "DE", "retail", "enterprise", "10:10:00")),
        // Moves the customers' watermark past every order below.
        Map.entry("c3", created("c3", "Cem", "TR", "retail", "11:00:00"))));
    KAFKA.produce("shop.orders.v2", List.of(
        Map.entry("o1", order("o1", "c1", "25.50", "EUR", "10:05:00")),
        Map.entry("o2", order("o2", "c2", "7.00", "USD", "10:06:00")),
        Map.entry("o3", order("o3", "c1", "99.99", "EUR", "10:15:00")),
        Map.entry("o4", order("o4", "c9", "1.00", "GBP", "10:20:00")),
        Map.entry("o5", order("o5", "c1", "-3.00", "EUR", "10:21:00")),
        Map.entry("o6", order("o6", "c2", "5.00", "XYZ", "10:22:00")),
        // Moves the orders' watermark past the orders above; it is not emitted itself yet.
        Map.entry("o7", order("o7", "c2", "2.00", "CHF", "11:01:00"))));

    JobClient job = SluiceJob.start(plan, Map.of(), JobTestCluster.parallelism(1));
    try {
      String sink = "analytics.enriched-orders.v1";
      await().atMost(Duration.ofMinutes(2)).until(() -> KAFKA.readCommitted(sink).size() >= 4);
      Thread.sleep(3000); // two more checkpoints: nothing else may appear
      List<String> enriched = KAFKA.readCommitted(sink).stream().map(ConsumerRecord::value).sorted().toList();
      assertEquals(List.of(
          "{\"order_id\":\"o1\",\"customer_id\":\"c1\",\"amount\":25.5,\"currency\":\"EUR\",\"customer_name\":\"Ann\","
              + "\"country\":\"DE\",\"segment\":\"retail\",\"order_time\":\"2024-05-01T10:05:00\"}",
          "{\"order_id\":\"o2\",\"customer_id\":\"c2\",\"amount\":7,\"currency\":\"USD\",\"customer_name\":\"Bob\","
              + "\"country\":\"FR\",\"segment\":\"business\",\"order_time\":\"2024-05-01T10:06:00\"}",
          "{\"order_id\":\"o3\",\"customer_id\":\"c1\",\"amount\":99.99,\"currency\":\"EUR\",\"customer_name\":\"Ann\","
              + "\"country\":\"DE\",\"segment\":\"enterprise\",\"order_time\":\"2024-05-01T10:15:00\"}",
          "{\"order_id\":\"o4\",\"customer_id\":\"c9\",\"amount\":1,\"currency\":\"GBP\",\"customer_name\":null,"
              + "\"country\":null,\"segment\":null,\"order_time\":\"2024-05-01T10:20:00\"}"), enriched);
      await("o5 and o6 were dropped by one rule each").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertEquals(Map.of("known_currency", 1L, "positive_amount", 1L),
              JobTestCluster.violations(FLINK, job.getJobID().toString())));
    } finally {
      job.cancel().get();
    }
  }

  private static String order(String id, String customer, String amount, String currency, String time) {
    return "{\"order_id\":\"%s\",\"customer_id\":\"%s\",\"amount\":%s,\"currency\":\"%s\",\"order_time\":\"2024-05-01T%s\"}"
        .formatted(id, customer, amount, currency, time);
  }

  private static String created(String id, String name, String country, String segment, String time) {
    return "{\"before\":null,\"after\":%s,\"op\":\"c\"}".formatted(customer(id, name, country, segment, time));
  }

  private static String updated(String id, String name, String country, String before, String after, String time) {
    return "{\"before\":%s,\"after\":%s,\"op\":\"u\"}".formatted(customer(id, name, country, before, "10:00:00"),
        customer(id, name, country, after, time));
  }

  private static String customer(String id, String name, String country, String segment, String time) {
    return "{\"customer_id\":\"%s\",\"name\":\"%s\",\"country\":\"%s\",\"segment\":\"%s\",\"updated_at\":\"2024-05-01T%s\"}"
        .formatted(id, name, country, segment, time);
  }
}
