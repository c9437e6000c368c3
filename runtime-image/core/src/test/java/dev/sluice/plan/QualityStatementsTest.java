package dev.sluice.plan;

import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.api.pipeline.QualityRule;
import dev.sluice.fixtures.Examples;
import dev.sluice.fixtures.Specs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityStatementsTest {

  private final PipelinePlan plan = Examples.plan("iot-sensors").plan();

  @Test
  void aCheckedInputIsAViewOverItsRawTableThatPassesEveryRule() {
    assertEquals("CREATE DATABASE `sluice_internal`", plan.ddl().get(0).sql());
    assertEquals("CREATE TABLE `sluice_internal`.`sensor_readings` (", plan.ddl().get(1).sql().lines().findFirst().get());
    assertEquals("""
        CREATE TEMPORARY VIEW `sensor_readings` AS
        SELECT * FROM `sluice_internal`.`sensor_readings`
        WHERE (device_id IS NOT NULL
        ) IS TRUE
          AND (temperature BETWEEN -60 AND 120
        ) IS TRUE
          AND (battery IS NULL OR battery BETWEEN 0 AND 1
        ) IS TRUE""", plan.ddl().get(4).sql());
  }

  @Test
  void eachViolationBecomesOneRowOfTheCountingSinkFromOnePassOverTheInput() {
    assertEquals("""
        CREATE TABLE `sluice_internal`.`quality_violations` (
          `rule` STRING NOT NULL
        ) WITH (
          'connector' = 'sluice-quality',
          'rules' = 'has_device,plausible_temperature,battery_fraction',
          'fail-rules' = ''
        )""", plan.ddl().get(5).sql());
    assertEquals("""
        INSERT INTO `sluice_internal`.`quality_violations`
        SELECT `failed`.`rule` FROM (
          SELECT ARRAY[
            CASE WHEN (device_id IS NOT NULL
        ) IS NOT TRUE THEN CAST('has_device' AS STRING) END,
            CASE WHEN (temperature BETWEEN -60 AND 120
        ) IS NOT TRUE THEN CAST('plausible_temperature' AS STRING) END,
            CASE WHEN (battery IS NULL OR battery BETWEEN 0 AND 1
        ) IS NOT TRUE THEN CAST('battery_fraction' AS STRING) END] AS `rules`
          FROM `sluice_internal`.`sensor_readings`
          WHERE NOT ((device_id IS NOT NULL
        ) IS TRUE
          AND (temperature BETWEEN -60 AND 120
        ) IS TRUE
          AND (battery IS NULL OR battery BETWEEN 0 AND 1
        ) IS TRUE)
        ) AS `checked`
        CROSS JOIN UNNEST(`checked`.`rules`) AS `failed` (`rule`)
        WHERE `failed`.`rule` IS NOT NULL""", plan.inserts().get(0).sql());
  }

  @Test
  void anInputWithOneRuleSendsItsFailingRowsAsTheRulesNameWithoutUnnesting() {
    PipelinePlan plan = plan("""
        quality:
          - {name: positive, input: in, expression: "v > 0"}
        """);
    assertEquals("""
        INSERT INTO `sluice_internal`.`quality_violations`
        SELECT CAST('positive' AS STRING) AS `rule`
        FROM `sluice_internal`.`in`
        WHERE (v > 0
        ) IS NOT TRUE""", plan.inserts().get(0).sql());
  }

  @Test
  void thePlannerComputesWhatTheViewTheCountAndTheDeadLettersShareOnce() {
    assertEquals("true", plan.flinkConfig().get("table.optimizer.reuse-optimize-block-with-digest-enabled"));
    assertFalse(plan("").flinkConfig().containsKey("table.optimizer.reuse-optimize-block-with-digest-enabled"),
        "a plan without rules is optimised as Flink does by default");
  }

  @Test
  void aRowGoesToTheDeadLetterOfItsFirstFailingDeadLetterRule() {
    PlanStatement deadLetter = plan.inserts().get(1);
    assertEquals("spec.quality[1].deadLetter", deadLetter.field());
    assertEquals("""
        INSERT INTO `sluice_internal`.`sensor_readings_rejected`
        SELECT `device_id`, `site`, `temperature`, `humidity`, `battery`, `reading_time`, CAST('plausible_temperature' AS STRING) AS `sluice_rule`
        FROM `sluice_internal`.`sensor_readings`
        WHERE (temperature BETWEEN -60 AND 120
        ) IS NOT TRUE
        UNION ALL
        SELECT `device_id`, `site`, `temperature`, `humidity`, `battery`, `reading_time`, CAST('battery_fraction' AS STRING) AS `sluice_rule`
        FROM `sluice_internal`.`sensor_readings`
        WHERE (battery IS NULL OR battery BETWEEN 0 AND 1
        ) IS NOT TRUE
          AND (temperature BETWEEN -60 AND 120
        ) IS TRUE""", deadLetter.sql());
  }

  @Test
  void thePlanListsItsRulesForTheValidatorAndTheOperator() {
    assertEquals(List.of(
        new PlanRule("has_device", "sensor-readings", "`sluice_internal`.`sensor_readings`", "device_id IS NOT NULL",
            QualityRule.Action.DROP, "spec.quality[0]"),
        new PlanRule("plausible_temperature", "sensor-readings", "`sluice_internal`.`sensor_readings`",
            "temperature BETWEEN -60 AND 120", QualityRule.Action.DEAD_LETTER, "spec.quality[1]"),
        new PlanRule("battery_fraction", "sensor-readings", "`sluice_internal`.`sensor_readings`",
            "battery IS NULL OR battery BETWEEN 0 AND 1", QualityRule.Action.DEAD_LETTER, "spec.quality[2]")),
        plan.qualityRules());
  }

  private static PipelinePlan plan(String quality) {
    DatasetSpec dataset = Specs.dataset("""
        connector:
          kafka: {topic: t, bootstrapServers: "localhost:9092"}
        schema:
          columns: [{name: k, type: STRING}, {name: v, type: BIGINT}]
        """);
    PlanResult result = PlanBuilder.build("ns", "p", Specs.pipeline("""
        inputs: [in]
        outputs: [out]
        sql: INSERT INTO `out` SELECT k, v FROM `in`
        %s""".formatted(quality)), Map.of("in", dataset, "out", dataset), Examples.DEFAULTS);
    assertTrue(result.valid(), () -> result.errors().toString());
    return result.plan();
  }
}
