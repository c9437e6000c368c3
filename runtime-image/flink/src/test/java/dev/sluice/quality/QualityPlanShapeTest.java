package dev.sluice.quality;

import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.fixtures.Examples;
import dev.sluice.fixtures.Specs;
import dev.sluice.flink.FlinkPlanValidator;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanBuilder;
import dev.sluice.plan.PlanResult;
import dev.sluice.plan.PlanStatement;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user's view, the count and the dead letter all read the checked input. Flink runs one
 * source for them either way; what the plan's settings add is that the input's computed columns
 * and watermarks are computed once per row too, not once per branch.
 */
class QualityPlanShapeTest {

  private static final String OPTION = "table.optimizer.reuse-optimize-block-with-digest-enabled";

  private final PipelinePlan plan = plan();

  @Test
  void theCheckedInputsColumnsAndWatermarksAreComputedOncePerRowForAllBranches() {
    String explained = optimized(plan.flinkConfig());
    assertEquals(1, count(explained, "TableSourceScan\\("), explained);
    assertEquals(1, count(explained, "v \\* 2"), explained);
    assertEquals(1, count(explained, "watermark="), explained);
  }

  @Test
  void withoutThePlansSettingsEachBranchComputesThemAgain() {
    Map<String, String> flinkDefault = new HashMap<>(plan.flinkConfig());
    flinkDefault.remove(OPTION);
    String explained = optimized(flinkDefault);
    assertEquals(1, count(explained, "TableSourceScan\\("), explained);
    assertTrue(count(explained, "v \\* 2") > 1, explained);
  }

  @Test
  void theExamplesWithRulesPlanUnderTheirOwnSettings() {
    // The operator checks plans with Flink's default settings; the job runs them with the plan's.
    for (String example : List.of("iot-sensors", "order-enrichment")) {
      PipelinePlan withRules = Examples.plan(example).plan();
      assertEquals("true", withRules.flinkConfig().get(OPTION), example);
      String explained = optimized(withRules, withRules.flinkConfig());
      assertEquals(1, count(explained, "TableSourceScan\\(table=\\[\\[default_catalog, sluice_internal"), explained);
    }
  }

  @Test
  void anInputWithOneRuleAndAnInputWithTwoCountIntoTheOneSink() {
    DatasetSpec kafka = Specs.dataset("""
        connector:
          kafka: {topic: t, bootstrapServers: "localhost:9092"}
        schema:
          columns: [{name: k, type: STRING}, {name: v, type: BIGINT}]
        """);
    PlanResult result = PlanBuilder.build("ns", "p", Specs.pipeline("""
        inputs: [a, b]
        outputs: [out]
        sql: INSERT INTO `out` SELECT k, v FROM a UNION ALL SELECT k, v FROM b
        quality:
          - {name: a_positive, input: a, expression: "v > 0"}
          - {name: b_positive, input: b, expression: "v > 0"}
          - {name: b_keyed, input: b, expression: "k IS NOT NULL"}
        """), Map.of("a", kafka, "b", kafka, "out", kafka), Examples.DEFAULTS);
    assertTrue(result.valid(), () -> result.errors().toString());
    assertEquals(List.of(), new FlinkPlanValidator().validate(result.plan()));
    String explained = optimized(result.plan(), result.plan().flinkConfig());
    assertEquals(2, count(explained, "TableSourceScan\\("), explained);
  }

  /** The statement set's optimized execution plan, as Flink's explain prints it. */
  private String optimized(Map<String, String> flinkConfig) {
    return optimized(plan, flinkConfig);
  }

  private static String optimized(PipelinePlan plan, Map<String, String> flinkConfig) {
    TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.newInstance().inStreamingMode()
        .withConfiguration(Configuration.fromMap(flinkConfig)).build());
    plan.ddl().stream().map(PlanStatement::sql).forEach(tables::executeSql);
    StatementSet inserts = tables.createStatementSet();
    plan.inserts().stream().map(PlanStatement::sql).forEach(inserts::addInsertSql);
    String explained = inserts.explain();
    return explained.substring(explained.indexOf("== Optimized Execution Plan =="));
  }

  private static int count(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }

  private static PipelinePlan plan() {
    DatasetSpec readings = Specs.dataset("""
        connector:
          kafka: {topic: readings, bootstrapServers: "localhost:9092"}
        schema:
          columns:
            - {name: k, type: STRING}
            - {name: v, type: BIGINT}
            - {name: ts, type: TIMESTAMP(3)}
            - {name: doubled, expression: 'v * 2'}
          eventTime: {column: ts, watermarkDelay: 1s}
        """);
    DatasetSpec out = Specs.dataset("""
        connector:
          kafka: {topic: out, bootstrapServers: "localhost:9092"}
        schema:
          columns: [{name: k, type: STRING}, {name: doubled, type: BIGINT}]
        """);
    DatasetSpec rejects = Specs.dataset("""
        connector:
          kafka: {topic: rejects, bootstrapServers: "localhost:9092"}
        schema:
          columns:
            - {name: k, type: STRING}
            - {name: v, type: BIGINT}
            - {name: ts, type: TIMESTAMP(3)}
            - {name: sluice_rule, type: STRING}
        """);
    PlanResult result = PlanBuilder.build("ns", "p", Specs.pipeline("""
        inputs: [readings]
        outputs: [out]
        sql: INSERT INTO `out` SELECT k, doubled FROM readings WHERE doubled > 10
        quality:
          - {name: has_key, input: readings, expression: "k IS NOT NULL"}
          - {name: positive, input: readings, expression: "v > 0", action: deadLetter, deadLetter: rejects}
        """), Map.of("readings", readings, "out", out, "rejects", rejects), Examples.DEFAULTS);
    assertTrue(result.valid(), () -> result.errors().toString());
    return result.plan();
  }
}
