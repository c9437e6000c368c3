package dev.sluice.flink;

import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.plan.PlanBuilder;
import dev.sluice.plan.PlanError;
import dev.sluice.plan.PlanResult;
import dev.sluice.fixtures.Examples;
import dev.sluice.fixtures.Specs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlinkPlanValidatorTest {

  private static final DatasetSpec IN = Specs.dataset("""
      connector:
        kafka: {topic: in, bootstrapServers: "localhost:9092"}
      schema:
        columns: [{name: k, type: STRING}, {name: v, type: BIGINT}]
      """);
  private static final DatasetSpec OUT = Specs.dataset("""
      connector:
        kafka: {topic: out, bootstrapServers: "localhost:9092"}
      schema:
        columns: [{name: k, type: STRING}, {name: v, type: BIGINT}]
      """);

  private final FlinkPlanValidator validator = new FlinkPlanValidator();

  @Test
  void aTableThatIsNotADeclaredDatasetIsNamed() {
    PlanError error = single(validate("INSERT INTO `out` SELECT k, v FROM clicks", ""));
    assertEquals("Pipeline/p", error.resource());
    assertEquals("spec.sql", error.field());
    assertTrue(error.message().startsWith("statement at line 1: table 'clicks' is not a declared dataset; add its "
        + "Dataset to spec.inputs or spec.outputs (declared tables: in, out)."), error.message());
  }

  @Test
  void sqlThatDoesNotFitTheSchemasIsReportedAtItsLineInSpecSql() {
    PlanError error = single(validate("""
        CREATE TEMPORARY VIEW doubled AS SELECT k, v * 2 AS v FROM `in`;
        -- the typo is on line 4
        INSERT INTO `out`
        SELECT k, volume FROM doubled;
        """, ""));
    assertEquals("spec.sql", error.field());
    assertTrue(error.message().startsWith("statement at line 2: "), error.message());
    assertTrue(error.message().contains("line 4, column 11") && error.message().contains("Column 'volume' not found"),
        error.message());
  }

  @Test
  void aSinkWhoseSchemaDoesNotMatchIsReported() {
    PlanError error = single(validate("INSERT INTO `out` SELECT k FROM `in`", ""));
    assertEquals("spec.sql", error.field());
    assertTrue(error.message().contains("Column types of query result and sink for "
        + "'default_catalog.default_database.out' do not match"), error.message());
  }

  @Test
  void statementsOtherThanViewsAndInsertsAreRefused() {
    PlanError error = single(validate("""
        CREATE TABLE extra (k STRING) WITH ('connector' = 'blackhole');
        INSERT INTO `out` SELECT * FROM `in`;
        """, ""));
    assertEquals("statement at line 1: only CREATE [TEMPORARY] VIEW and INSERT INTO statements are allowed here; "
        + "tables come from the Datasets in spec.inputs and spec.outputs", error.message());
  }

  @Test
  void everyOutputIsWrittenByExactlyOneInsert() {
    assertEquals(new PlanError("Pipeline/p", "spec.outputs[0]",
        "no INSERT INTO out in spec.sql writes it; write it or remove it from spec.outputs"),
        single(validate("CREATE TEMPORARY VIEW v AS SELECT * FROM `in`", "")));
    PlanError twice = single(validate("INSERT INTO `out` SELECT * FROM `in`; INSERT INTO `out` SELECT * FROM `in`", ""));
    assertTrue(twice.message().contains("which Pipeline/p spec.sql (line 1) already writes; combine them into one "
        + "INSERT with UNION ALL"), twice.message());
  }

  @Test
  void aRuleMustBeABooleanOverItsInputsColumns() {
    List<PlanError> errors = validate("INSERT INTO `out` SELECT * FROM `in`", """
        quality:
          - {name: counted, input: in, expression: "v + 1"}
          - {name: typo, input: in, expression: "vv > 0"}
        """);
    assertEquals(2, errors.size(), errors.toString());
    assertEquals(new PlanError("Pipeline/p", "spec.quality[0].expression",
        "is of type BIGINT; a rule must be a boolean expression such as amount > 0"), errors.get(0));
    assertEquals("spec.quality[1].expression", errors.get(1).field());
    assertTrue(errors.get(1).message().contains("Column 'vv' not found"), errors.get(1).message());
  }

  @Test
  void datasetErrorsNameTheDatasetAndItsField() {
    DatasetSpec badType = Specs.dataset("""
        connector: {blackhole: {}}
        schema:
          columns: [{name: k, type: STRNG}, {name: v, type: BIGINT}]
        """);
    PlanError schema = single(validate("INSERT INTO `out` SELECT * FROM `in`", "", Map.of("in", IN, "out", badType)));
    assertEquals("Dataset/out", schema.resource());
    assertEquals("spec.schema", schema.field());
    assertTrue(schema.message().contains("STRNG"), schema.message());

    DatasetSpec badGenerator = Specs.dataset("""
        connector:
          datagen: {fields: {k: {kind: sequence, start: 5, end: 1}}}
        schema:
          columns: [{name: k, type: STRING}, {name: v, type: BIGINT}]
        """);
    PlanError connector = single(validate("INSERT INTO `out` SELECT * FROM `in`", "",
        Map.of("in", badGenerator, "out", OUT)));
    assertEquals("Dataset/in", connector.resource());
    assertEquals("spec.connector", connector.field());
    assertTrue(connector.message().contains("column 'k' is a sequence; set start and end with start <= end"),
        connector.message());
  }

  private List<PlanError> validate(String sql, String quality) {
    return validate(sql, quality, Map.of("in", IN, "out", OUT));
  }

  private List<PlanError> validate(String sql, String quality, Map<String, DatasetSpec> datasets) {
    String indented = sql.strip().replace("\n", "\n  ");
    PlanResult result = PlanBuilder.build("ns", "p", Specs.pipeline("""
        inputs: [in]
        outputs: [out]
        sql: |
          %s
        %s
        """.formatted(indented, quality)), datasets, Examples.DEFAULTS);
    assertTrue(result.valid(), () -> result.errors().toString());
    return validator.validate(result.plan());
  }

  private static PlanError single(List<PlanError> errors) {
    assertEquals(1, errors.size(), errors.toString());
    return errors.get(0);
  }
}
