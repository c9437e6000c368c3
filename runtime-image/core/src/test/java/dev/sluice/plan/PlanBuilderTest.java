package dev.sluice.plan;

import dev.sluice.api.ManifestSet;
import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.api.pipeline.Checkpointing;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineSpec;
import dev.sluice.api.pipeline.S3Access;
import dev.sluice.fixtures.Examples;
import dev.sluice.fixtures.Specs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanBuilderTest {

  @Test
  void aKafkaSourceReadsCommittedRecordsWithThePipelinesGroup() {
    PipelinePlan plan = Examples.plan("clickstream-sessions").plan();
    assertEquals("""
        CREATE TABLE `page_views` (
          `user_id` STRING NOT NULL,
          `page_url` STRING,
          `referrer` STRING,
          `user_agent` STRING,
          `view_time` TIMESTAMP(3) NOT NULL,
          WATERMARK FOR `view_time` AS `view_time` - INTERVAL '30' SECOND
        ) WITH (
          'connector' = 'kafka',
          'topic' = 'web.page-views.v1',
          'properties.bootstrap.servers' = 'kafka.data.svc:9092',
          'format' = 'json',
          'json.timestamp-format.standard' = 'ISO-8601',
          'properties.group.id' = 'sluice-shop-sessionize-page-views',
          'properties.isolation.level' = 'read_committed',
          'scan.startup.mode' = 'earliest-offset'
        )""", plan.ddl().get(0).sql());
    assertEquals(new PlanStatement(plan.ddl().get(0).sql(), "Dataset/page-views", "spec.schema", 0), plan.ddl().get(0));
  }

  @Test
  void aKafkaSinkWritesTransactionsNamedAfterThePipelineAndTable() {
    String sink = Examples.plan("clickstream-sessions").plan().ddl().get(1).sql();
    assertTrue(sink.contains("'sink.delivery-guarantee' = 'exactly-once'"), sink);
    assertTrue(sink.contains("'sink.transactional-id-prefix' = 'sluice-shop-sessionize-page-views-user_sessions'"), sink);
    assertTrue(sink.contains("'properties.transaction.timeout.ms' = '900000'"), sink);
  }

  @Test
  void atLeastOnceCheckpointsWriteWithoutTransactions() {
    PipelineSpec spec = Specs.pipeline("""
        inputs: [in]
        outputs: [out]
        sql: INSERT INTO `out` SELECT * FROM `in`
        checkpointing: {mode: at-least-once}
        """);
    PipelinePlan plan = build(spec, Map.of("in", kafka("in", ""), "out", kafka("out", ""))).plan();
    String sink = plan.ddl().get(1).sql();
    assertTrue(sink.contains("'sink.delivery-guarantee' = 'at-least-once'"), sink);
    assertFalse(sink.contains("transactional-id-prefix"), sink);
    assertEquals("AT_LEAST_ONCE", plan.flinkConfig().get("execution.checkpointing.mode"));
  }

  @Test
  void credentialsAreEnvironmentPlaceholdersBackedBySecretKeys() {
    PipelinePlan plan = Examples.plan("order-enrichment").plan();
    assertEquals(List.of(
        new SecretEnv("SLUICE_KAFKA_ORDERS_USERNAME", "shop-kafka-reader", "username"),
        new SecretEnv("SLUICE_KAFKA_ORDERS_PASSWORD", "shop-kafka-reader", "password"),
        new SecretEnv("SLUICE_KAFKA_CUSTOMERS_USERNAME", "shop-kafka-reader", "username"),
        new SecretEnv("SLUICE_KAFKA_CUSTOMERS_PASSWORD", "shop-kafka-reader", "password"),
        new SecretEnv("SLUICE_KAFKA_ENRICHED_ORDERS_USERNAME", "shop-kafka-writer", "username"),
        new SecretEnv("SLUICE_KAFKA_ENRICHED_ORDERS_PASSWORD", "shop-kafka-writer", "password")), plan.secretEnv());
    String orders = plan.ddl().get(1).sql();
    assertTrue(orders.contains("'properties.sasl.mechanism' = 'SCRAM-SHA-512'"), orders);
    assertTrue(orders.contains("'properties.sasl.jaas.config' = 'org.apache.kafka.common.security.scram.ScramLoginModule"
        + " required username=\"${env:SLUICE_KAFKA_ORDERS_USERNAME}\" password=\"${env:SLUICE_KAFKA_ORDERS_PASSWORD}\";'"),
        orders);
  }

  @Test
  void aPrimaryKeyOnAChangelogFormatStaysKafkaAndOnJsonBecomesUpsertKafka() {
    String customers = Examples.plan("order-enrichment").plan().ddl().get(2).sql();
    assertTrue(customers.contains("PRIMARY KEY (`customer_id`) NOT ENFORCED"), customers);
    assertTrue(customers.contains("'connector' = 'kafka'"), customers);

    PipelineSpec spec = Specs.pipeline("""
        inputs: [in]
        outputs: [counts]
        sql: INSERT INTO counts SELECT k, COUNT(*) FROM `in` GROUP BY k
        """);
    String counts = build(spec, Map.of("in", kafka("in", ""), "counts", kafka("counts", "primaryKey: [k]")))
        .plan().ddl().get(1).sql();
    assertTrue(counts.contains("'connector' = 'upsert-kafka'"), counts);
    assertTrue(counts.contains("'key.format' = 'json'"), counts);
    assertTrue(counts.contains("'value.json.timestamp-format.standard' = 'ISO-8601'"), counts);
    assertFalse(counts.contains("scan.startup.mode"), counts);
  }

  @Test
  void datagenOptionsCarryTheRateProfileAndFieldGenerators() {
    // The demo's first Pipeline, clicks-feed, reads the generated clicks.
    String generated = Examples.plan("local-demo").plan().ddl().get(0).sql();
    for (String option : List.of("'connector' = 'sluice-datagen'", "'rows-per-second' = '40'",
        "'profile.shape' = 'spike'", "'profile.factor' = '15.0'", "'profile.start-after' = '20000 ms'",
        "'profile.duration' = '30000 ms'", "'fields.user_id.min' = '1.0'", "'fields.url.length' = '12'")) {
      assertTrue(generated.contains(option), option + " in " + generated);
    }
  }

  @Test
  void theFlinkConfigurationComesFromCheckpointingAndTheDefaults() {
    Map<String, String> config = Examples.plan("local-demo").plan().flinkConfig();
    assertEquals("1000 ms", config.get("execution.checkpointing.interval"));
    assertEquals("AT_LEAST_ONCE", config.get("execution.checkpointing.mode"), "the feed asks for at-least-once");
    assertEquals("600000 ms", config.get("execution.checkpointing.timeout"));
    assertEquals("s3://sluice-state/shop/clicks-feed/checkpoints", config.get("execution.checkpointing.dir"));
    assertEquals("s3://sluice-state/shop/clicks-feed/savepoints", config.get("execution.checkpointing.savepoint-dir"));
    assertEquals("rocksdb", config.get("state.backend.type"));
    assertEquals("exponential-delay", config.get("restart-strategy.type"));
    assertEquals("9249", config.get("metrics.reporter.prom.port"));
    assertFalse(config.containsKey("parallelism.default"), "parallelism is the operator's to set");
    assertEquals("true", config.get("pipeline.object-reuse"), "no user code runs, so no copy per chained operator");
  }

  @Test
  void s3AccessBecomesFlinksS3KeysAndTheKeyPairStaysInItsSecret() {
    ManifestSet manifests = Examples.load("local-demo");
    Pipeline pipeline = manifests.pipelines().get(0);
    PipelineSpec spec = pipeline.getSpec();
    Checkpointing checkpointing = spec.checkpointing();
    pipeline.setSpec(new PipelineSpec(spec.inputs(), spec.outputs(), spec.sql(), spec.quality(), spec.parallelism(),
        spec.autoscaler(), new Checkpointing(checkpointing.interval(), checkpointing.mode(), checkpointing.timeout(),
            "s3://state/sluice", null, null, new S3Access("http://minio.storage:9000", true,
                new S3Access.S3Credentials("minio-keys", null, null))),
        spec.upgradeMode(), spec.suspend(), spec.resources(), spec.rollback()));

    PipelinePlan plan = Examples.plan(manifests, pipeline, Examples.DEFAULTS).plan();

    assertEquals("http://minio.storage:9000", plan.flinkConfig().get("s3.endpoint"));
    assertEquals("true", plan.flinkConfig().get("s3.path.style.access"));
    assertEquals(List.of(new SecretEnv("AWS_ACCESS_KEY_ID", "minio-keys", "access-key"),
        new SecretEnv("AWS_SECRET_ACCESS_KEY", "minio-keys", "secret-key")), plan.secretEnv());
    assertTrue(plan.flinkConfig().keySet().stream().noneMatch(key -> key.contains("access-key")
        || key.contains("secret-key")), "no key pair in the configuration: " + plan.flinkConfig().keySet());
  }

  @Test
  void userStatementsKeepTheirLineInSpecSql() {
    PipelineSpec spec = Specs.pipeline("""
        inputs: [in]
        outputs: [out]
        sql: |
          CREATE TEMPORARY VIEW doubled AS SELECT k, v * 2 AS v FROM `in`;

          INSERT INTO `out` SELECT * FROM doubled;
        """);
    PipelinePlan plan = build(spec, Map.of("in", kafka("in", ""), "out", kafka("out", ""))).plan();
    assertEquals(new PlanStatement("CREATE TEMPORARY VIEW doubled AS SELECT k, v * 2 AS v FROM `in`",
        "Pipeline/p", "spec.sql", 1), plan.ddl().get(2));
    assertEquals(new PlanStatement("INSERT INTO `out` SELECT * FROM doubled", "Pipeline/p", "spec.sql", 3),
        plan.inserts().get(0));
  }

  static PlanResult build(PipelineSpec spec, Map<String, DatasetSpec> datasets) {
    return PlanBuilder.build("ns", "p", spec, datasets, Examples.DEFAULTS);
  }

  /** A JSON Kafka dataset with columns k STRING and v BIGINT, plus any schema lines given. */
  static DatasetSpec kafka(String topic, String schemaExtra) {
    return Specs.dataset("""
        connector:
          kafka: {topic: %s, bootstrapServers: "localhost:9092"}
        schema:
          columns:
            - {name: k, type: STRING}
            - {name: v, type: BIGINT}
          %s
        """.formatted(topic, schemaExtra));
  }
}
