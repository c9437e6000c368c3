package dev.sluice.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.pipeline.CheckpointStatus;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.QualityViolations;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.api.slo.SloState;
import dev.sluice.api.slo.SloStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClientUtils;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The events' content, naming and facets, each event checked against OpenLineage's schema and Sluice's facets'. */
class LineageEventsTest {

  private static final String JOB = "6e6b13320000000000000000a1b2c3d4";
  private static final OpenLineageSchemas SCHEMAS = new OpenLineageSchemas();

  private final LineageEvents events = new LineageEvents(
      new LineageSettings(URI.create("http://lineage:5000"), LineageSettings.DEFAULT_ENDPOINT, null, null,
          Duration.ofSeconds(60)));

  @Test
  void aFailedRunNamesItsKafkaAndFileDatasetsWithTheirSchemaRulesObjectivesAndCause() {
    Pipeline pipeline = pipeline();
    PipelineStatus status = new PipelineStatus();
    QualityViolations negative = new QualityViolations();
    negative.setRule("positive_amount");
    negative.setViolations(3L);
    status.setQuality(List.of(negative));
    CheckpointStatus checkpoints = new CheckpointStatus();
    checkpoints.setCompleted(12L);
    checkpoints.setLastCompletedTime("2026-01-01T00:00:00Z");
    status.setCheckpoint(checkpoints);

    JsonNode event = validated(events.event(new RunTracker.Due(EventType.FAIL, JOB, "java.lang.ArithmeticException: "
        + "/ by zero"), pipeline, status, datasets(), List.of(objective("orders-fresh", "Dataset", "totals"),
        objective("shop-up", "Pipeline", "orders-total")), Instant.parse("2026-01-01T00:00:05Z")));

    assertEquals("FAIL", event.path("eventType").asText());
    assertEquals("6e6b1332-0000-0000-0000-0000a1b2c3d4", event.path("run").path("runId").asText(), "the Flink job id");
    assertEquals("java.lang.ArithmeticException: / by zero",
        event.path("run").path("facets").path("errorMessage").path("message").asText());
    assertEquals(12, event.path("run").path("facets").path("sluice_checkpoints").path("completed").asInt());
    assertEquals("shop-up", event.path("run").path("facets").path("sluice_serviceLevelObjectives")
        .path("objectives").path(0).path("name").asText());
    assertEquals("shop", event.path("job").path("namespace").asText(), "the Kubernetes namespace");
    assertEquals("orders-total", event.path("job").path("name").asText());
    assertEquals("STREAMING", event.path("job").path("facets").path("jobType").path("processingType").asText());

    JsonNode orders = event.path("inputs").path(0);
    assertEquals("kafka://broker-0.kafka:9092", orders.path("namespace").asText(), "the first bootstrap server");
    assertEquals("shop.orders", orders.path("name").asText(), "the topic");
    assertEquals("sluice://shop", orders.path("facets").path("symlinks").path("identifiers").path(0)
        .path("namespace").asText());
    assertEquals("orders", orders.path("facets").path("symlinks").path("identifiers").path(0).path("name").asText());
    JsonNode fields = orders.path("facets").path("schema").path("fields");
    assertEquals(List.of("id", "amount"), List.of(fields.path(0).path("name").asText(), fields.path(1).path("name")
        .asText()), "the accepted schema, not the spec's newer one");
    assertEquals("DECIMAL(10, 2)", fields.path(1).path("type").asText());
    JsonNode assertions = orders.path("inputFacets").path("dataQualityAssertions").path("assertions");
    assertEquals("positive_amount", assertions.path(0).path("assertion").asText());
    assertFalse(assertions.path(0).path("success").asBoolean(), "3 rows failed it");
    assertEquals("warn", assertions.path(0).path("severity").asText(), "failing rows are dropped");
    assertEquals("known_id", assertions.path(1).path("assertion").asText());
    assertTrue(assertions.path(1).path("success").asBoolean(), "no row failed it");
    assertEquals("error", assertions.path(1).path("severity").asText(), "a failing row fails the job");
    JsonNode counted = orders.path("inputFacets").path("sluice_qualityViolations").path("rules");
    assertEquals(List.of("positive_amount drop 3", "known_id fail 0"), List.of(
        counted.path(0).path("name").asText() + " " + counted.path(0).path("action").asText() + " "
            + counted.path(0).path("violations").asLong(),
        counted.path(1).path("name").asText() + " " + counted.path(1).path("action").asText() + " "
            + counted.path(1).path("violations").asLong()));

    JsonNode totals = event.path("outputs").path(0);
    assertEquals("s3://lake", totals.path("namespace").asText());
    assertEquals("shop/totals", totals.path("name").asText());
    JsonNode objective = totals.path("facets").path("sluice_serviceLevelObjectives").path("objectives").path(0);
    assertEquals("orders-fresh", objective.path("name").asText());
    assertEquals("Burning", objective.path("state").asText());
    assertEquals(97.5, objective.path("compliance").asDouble());
  }

  @Test
  void theValidatorRefusesWhatTheSpecForbids() {
    ObjectNode event = (ObjectNode) OpenLineageSchemas.tree(OpenLineageClientUtils.toJson(events.event(
        new RunTracker.Due(EventType.START, JOB, null), pipeline(), new PipelineStatus(), datasets(),
        List.of(objective("orders-fresh", "Dataset", "totals")), Instant.parse("2026-01-01T00:00:05Z"))));
    assertEquals(List.of(), SCHEMAS.problems(event.toString()));

    event.put("eventType", "STARTED");
    ((ObjectNode) event.path("run")).put("runId", "not-a-uuid");
    ((ObjectNode) event.path("outputs").path(0).path("facets").path("sluice_serviceLevelObjectives")
        .path("objectives").path(0)).put("state", "Fine");
    List<String> problems = SCHEMAS.problems(event.toString());
    assertTrue(problems.stream().anyMatch(p -> p.contains("eventType")), String.join("\n", problems));
    assertTrue(problems.stream().anyMatch(p -> p.contains("runId")), String.join("\n", problems));
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("outputs shop/totals facet sluice_serviceLevelObjectives")
        && p.contains("state")), String.join("\n", problems));
  }

  @Test
  void aFlinkJobIdIsTheRunsUuid() {
    assertEquals(UUID.fromString("ffffffff-ffff-ffff-0000-000000000001"),
        LineageEvents.runId("ffffffffffffffff0000000000000001"));
  }

  private static JsonNode validated(io.openlineage.client.OpenLineage.RunEvent event) {
    String json = OpenLineageClientUtils.toJson(event);
    assertEquals(List.of(), SCHEMAS.problems(json), json);
    return OpenLineageSchemas.tree(json);
  }

  private static Pipeline pipeline() {
    return Serialization.unmarshal("""
        apiVersion: sluice.dev/v1alpha1
        kind: Pipeline
        metadata: {name: orders-total, namespace: shop}
        spec:
          inputs: [orders]
          outputs: [totals]
          sql: INSERT INTO totals SELECT id, SUM(amount) FROM orders GROUP BY id
          quality:
            - {name: positive_amount, input: orders, expression: amount > 0}
            - {name: known_id, input: orders, expression: id IS NOT NULL, action: fail}
        """, Pipeline.class);
  }

  private static Map<String, Dataset> datasets() {
    Dataset orders = Serialization.unmarshal("""
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: orders, namespace: shop}
        spec:
          connector: {kafka: {topic: shop.orders, bootstrapServers: "broker-0.kafka:9092, broker-1.kafka:9092"}}
          schema:
            columns:
              - {name: id, type: BIGINT}
              - {name: amount, type: "DECIMAL(10, 2)"}
              - {name: note, type: STRING}
        status:
          acceptedSchema:
            columns:
              - {name: id, type: BIGINT, description: the order}
              - {name: amount, type: "DECIMAL(10, 2)"}
        """, Dataset.class);
    Dataset totals = Serialization.unmarshal("""
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: totals, namespace: shop}
        spec:
          connector: {filesystem: {path: "s3://lake/shop/totals"}}
          schema:
            columns:
              - {name: id, type: BIGINT}
              - {name: total, type: "DECIMAL(20, 2)"}
              - {name: seen, expression: PROCTIME()}
        status:
          acceptedSchema:
            columns:
              - {name: id, type: BIGINT}
              - {name: total, type: "DECIMAL(20, 2)"}
              - {name: seen, expression: PROCTIME()}
        """, Dataset.class);
    return Map.of("orders", orders, "totals", totals);
  }

  private static ServiceLevelObjective objective(String name, String kind, String target) {
    ServiceLevelObjective objective = Serialization.unmarshal("""
        apiVersion: sluice.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata: {name: %s, namespace: shop}
        spec:
          target: {kind: %s, name: %s}
          indicator: {freshness: {threshold: 5m}}
          objective: 99
        """.formatted(name, kind, target), ServiceLevelObjective.class);
    SloStatus status = new SloStatus();
    status.setState(SloState.Burning);
    status.setCompliance(97.5);
    status.setLastEvaluationTime("2026-01-01T00:00:00Z");
    objective.setStatus(status);
    return objective;
  }
}
