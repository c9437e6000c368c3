package dev.sluice.plan;

import dev.sluice.api.pipeline.PipelineSpec;
import dev.sluice.fixtures.Specs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.sluice.plan.PlanBuilderTest.build;
import static dev.sluice.plan.PlanBuilderTest.kafka;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanBuilderErrorsTest {

  @Test
  void aMissingDatasetNamesTheListEntry() {
    PipelineSpec spec = Specs.pipeline("""
        inputs: [in, nowhere]
        outputs: [out]
        sql: INSERT INTO `out` SELECT * FROM `in`
        """);
    PlanResult result = build(spec, Map.of("in", kafka("in", ""), "out", kafka("out", "")));
    assertFalse(result.valid());
    assertNull(result.plan());
    assertEquals(List.of(new PlanError("Pipeline/p", "spec.inputs[1]",
        "Dataset 'nowhere' does not exist in namespace ns; create it or remove it from spec.inputs")), result.errors());
  }

  @Test
  void credentialsAndReservedPropertiesAreRefused() {
    PipelineSpec spec = Specs.pipeline("""
        inputs: [in]
        outputs: [out]
        sql: INSERT INTO `out` SELECT * FROM `in`
        """);
    var leaky = Specs.dataset("""
        connector:
          kafka:
            topic: in
            bootstrapServers: "localhost:9092"
            properties:
              sasl.jaas.config: "PlainLoginModule required password=hunter2;"
              group.id: mine
              fetch.min.bytes: "1024"
        schema:
          columns: [{name: k, type: STRING}]
        """);
    List<PlanError> errors = build(spec, Map.of("in", leaky, "out", kafka("out", ""))).errors();
    assertEquals(2, errors.size(), errors.toString());
    assertEquals(new PlanError("Dataset/in", "spec.connector.kafka.properties[group.id]",
        "Sluice sets group.id itself; remove it from properties and use spec.connector.kafka.groupId"), errors.get(0));
    assertEquals("spec.connector.kafka.properties[sasl.jaas.config]", errors.get(1).field());
    assertTrue(errors.get(1).message().contains("spec.connector.kafka.credentials"), errors.get(1).message());
    assertFalse(errors.toString().contains("hunter2"), "an error must not repeat a credential");
  }

  @Test
  void securityProtocolIsTheCredentialsToSetWhenThereAreAny() {
    PipelineSpec spec = Specs.pipeline("""
        inputs: [in]
        outputs: [out]
        sql: INSERT INTO `out` SELECT * FROM `in`
        """);
    String dataset = """
        connector:
          kafka:
            topic: in
            bootstrapServers: "localhost:9092"
            properties: {security.protocol: SSL}
            %s
        schema:
          columns: [{name: k, type: STRING}]
        """;
    PlanResult sslOnly = build(spec, Map.of("in", Specs.dataset(dataset.formatted("")), "out", kafka("out", "")));
    assertTrue(sslOnly.valid(), sslOnly.errors().toString());
    assertTrue(sslOnly.plan().ddl().get(0).sql().contains("'properties.security.protocol' = 'SSL'"));
    List<PlanError> withCredentials = build(spec, Map.of("in",
        Specs.dataset(dataset.formatted("credentials: {secretName: login}")), "out", kafka("out", ""))).errors();
    assertEquals(List.of(new PlanError("Dataset/in", "spec.connector.kafka.properties[security.protocol]",
        "Sluice sets security.protocol itself; remove it from properties and use "
            + "spec.connector.kafka.credentials.securityProtocol")), withCredentials);
  }

  @Test
  void malformedDurationsFromFilesAreErrorsOfTheirField() {
    PipelineSpec spec = Specs.pipeline("""
        inputs: [in]
        outputs: [out]
        sql: INSERT INTO `out` SELECT * FROM `in`
        checkpointing: {interval: 30 seconds}
        """);
    assertEquals(List.of(new PlanError("Pipeline/p", "spec.checkpointing.interval",
        "'30 seconds' is not a duration; use a form such as 500ms, 30s, 5m or 1h30m")),
        build(spec, Map.of("in", kafka("in", ""), "out", kafka("out", ""))).errors());
  }

  @Test
  void rulesThatPointNowhereAreRefused() {
    PipelineSpec spec = Specs.pipeline("""
        inputs: [in]
        outputs: [out]
        sql: INSERT INTO `out` SELECT * FROM `in`
        quality:
          - {name: positive, input: in, expression: "v > 0"}
          - {name: positive, input: out, expression: "v > 0"}
          - {name: escapes, input: in, expression: "v > 0) OR (TRUE"}
          - {name: routed, input: in, expression: "v < 10", action: deadLetter}
          - {name: lost, input: in, expression: "v < 10", action: deadLetter, deadLetter: missing}
        """);
    List<PlanError> errors = build(spec, Map.of("in", kafka("in", ""), "out", kafka("out", ""))).errors();
    assertEquals(List.of("spec.quality[1].name", "spec.quality[1].input", "spec.quality[2].expression",
        "spec.quality[3].deadLetter", "spec.quality[4].deadLetter"), errors.stream().map(PlanError::field).toList());
  }

  @Test
  void datasetsThatBecomeTheSameTableAreRefused() {
    PipelineSpec spec = Specs.pipeline("""
        inputs: [a-b, a.b]
        outputs: [out]
        sql: INSERT INTO `out` SELECT * FROM a_b
        """);
    List<PlanError> errors = build(spec, Map.of("a-b", kafka("x", ""), "a.b", kafka("y", ""),
        "out", kafka("out", ""))).errors();
    assertEquals(List.of(new PlanError("Pipeline/p", "spec.inputs[1]",
        "Datasets 'a-b' and 'a.b' both become table a_b; rename one of them")), errors);
  }

  @Test
  void aDeadLetterMustTakeTheInputsColumns() {
    PipelineSpec spec = Specs.pipeline("""
        inputs: [in]
        outputs: [out]
        sql: INSERT INTO `out` SELECT * FROM `in`
        quality:
          - {name: small, input: in, expression: "v < 10", action: deadLetter, deadLetter: dlq}
        """);
    var dlq = Specs.dataset("""
        connector: {blackhole: {}}
        schema:
          columns: [{name: k, type: STRING}, {name: extra, type: INT}]
        """);
    List<PlanError> errors = build(spec, Map.of("in", kafka("in", ""), "out", kafka("out", ""), "dlq", dlq)).errors();
    assertEquals(List.of(new PlanError("Pipeline/p", "spec.quality[0].deadLetter", "dead-letter Dataset 'dlq' has "
        + "column 'extra', which input 'in' does not have; a dead letter takes the input's columns (and sluice_rule)")),
        errors);
  }
}
