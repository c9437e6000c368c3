package dev.sluice.plan;

import dev.sluice.api.dataset.Column;
import dev.sluice.api.pipeline.QualityRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The statements quality rules add. A checked input's table lives in Sluice's database, and a
 * view under the input's own name lets through only rows that pass every rule, so the user's SQL
 * never sees a failing row. Violations are counted by a sink that receives one row per rule a row
 * fails; since the planner may duplicate or reorder expressions but never the rows that reach a
 * sink, each violation is counted exactly once.
 *
 * <p>The view, the count and the dead letters each read the checked input's table; the plan has
 * Flink compute that read once for all of them ({@link #configure}). Otherwise each branch computes
 * the input's columns and watermarks again and copies its strings, which cost a pass-through job
 * with one rule about a quarter of its throughput (docs/benchmarks.md). The count evaluates all of
 * an input's rules in one pass; only a row that fails some rule goes on, as one row per rule it fails.
 *
 * <p>A row that fails several rules is counted against each. It goes to the dead letter of the
 * first failing deadLetter rule, in the order of spec.quality, and fails the job if any failing
 * rule says fail.
 */
final class QualityStatements {

  private static final String VIOLATIONS_TABLE = Sql.identifier(Table.INTERNAL_DATABASE) + "."
      + Sql.identifier("quality_violations");

  private final PlanContext context;
  private final List<QualityRule> rules;
  private final Map<String, Table> inputs;
  private final Map<String, Table> deadLetters;
  private final List<PlanError> errors;

  QualityStatements(PlanContext context, List<QualityRule> rules, Map<String, Table> inputs,
                    Map<String, Table> deadLetters, List<PlanError> errors) {
    this.context = context;
    this.rules = rules;
    this.inputs = inputs;
    this.deadLetters = deadLetters;
    this.errors = errors;
  }

  /**
   * Has Flink plan a sub-plan that several inserts share (found by its digest) once, for all of them
   * to read: the checked input's scan, computed columns and watermarks. Without it Flink shares only
   * the source, and every branch computes the columns and watermarks again (docs/benchmarks.md). It
   * applies to the user's inserts too; it changes how a job is optimised, not what it computes.
   */
  static void configure(Map<String, String> flinkConfig) {
    flinkConfig.put("table.optimizer.reuse-optimize-block-with-digest-enabled", "true");
  }

  /** The views that filter checked inputs, and the table that counts violations. */
  List<PlanStatement> ddl() {
    List<PlanStatement> ddl = new ArrayList<>();
    for (String input : checkedInputs()) {
      Table raw = inputs.get(input);
      ddl.add(statement("CREATE TEMPORARY VIEW " + Sql.identifier(raw.name()) + " AS\nSELECT * FROM "
          + raw.reference() + "\nWHERE " + passesAll(input), "spec.quality"));
    }
    String failRules = rules.stream().filter(rule -> rule.action() == QualityRule.Action.FAIL)
        .map(QualityRule::name).collect(Collectors.joining(","));
    ddl.add(statement("CREATE TABLE " + VIOLATIONS_TABLE + " (\n  " + Sql.identifier("rule") + " STRING NOT NULL\n)"
        + " WITH (\n  'connector' = " + Sql.literal(QualityTableOptions.IDENTIFIER)
        + ",\n  " + Sql.literal(QualityTableOptions.RULES) + " = " + Sql.literal(names(rules))
        + ",\n  " + Sql.literal(QualityTableOptions.FAIL_RULES) + " = " + Sql.literal(failRules) + "\n)",
        "spec.quality"));
    return ddl;
  }

  /** The insert that counts violations, then one insert per dead-letter Dataset. */
  List<PlanStatement> inserts() {
    List<PlanStatement> inserts = new ArrayList<>();
    inserts.add(statement("INSERT INTO " + VIOLATIONS_TABLE + "\n" + checkedInputs().stream()
        .map(this::violationsOf).collect(Collectors.joining("\nUNION ALL\n")), "spec.quality"));
    Map<String, List<Integer>> rulesByDeadLetter = new LinkedHashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).action() == QualityRule.Action.DEAD_LETTER) {
        rulesByDeadLetter.computeIfAbsent(rules.get(i).deadLetter(), key -> new ArrayList<>()).add(i);
      }
    }
    rulesByDeadLetter.forEach((deadLetter, indexes) -> inserts.add(deadLetterInsert(deadLetter, indexes)));
    return inserts;
  }

  List<PlanRule> planRules() {
    List<PlanRule> planRules = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      QualityRule rule = rules.get(i);
      planRules.add(new PlanRule(rule.name(), rule.input(), inputs.get(rule.input()).reference(),
          rule.expression(), rule.action(), "spec.quality[" + i + "]"));
    }
    return planRules;
  }

  /**
   * The names of the rules each failing row of one input fails, one row each. With one rule, a row
   * fails at most that one, so the row needs no array of names to unnest.
   */
  private String violationsOf(String input) {
    List<QualityRule> checks = rulesOf(input);
    if (checks.size() == 1) {
      return "SELECT CAST(" + Sql.literal(checks.get(0).name()) + " AS STRING) AS `rule`\nFROM "
          + inputs.get(input).reference() + "\nWHERE " + fails(checks.get(0));
    }
    String failedRules = checks.stream()
        .map(rule -> "CASE WHEN " + fails(rule) + " THEN CAST(" + Sql.literal(rule.name()) + " AS STRING) END")
        .collect(Collectors.joining(",\n    "));
    return "SELECT `failed`.`rule` FROM (\n  SELECT ARRAY[\n    " + failedRules + "] AS `rules`\n  FROM "
        + inputs.get(input).reference() + "\n  WHERE NOT (" + passesAll(input) + ")\n) AS `checked`\n"
        + "CROSS JOIN UNNEST(`checked`.`rules`) AS `failed` (`rule`)\nWHERE `failed`.`rule` IS NOT NULL";
  }

  private PlanStatement deadLetterInsert(String deadLetter, List<Integer> indexes) {
    Table target = deadLetters.get(deadLetter);
    List<String> branches = new ArrayList<>();
    for (int index : indexes) {
      QualityRule rule = rules.get(index);
      String condition = fails(rule) + earlierDeadLetterRules(rule).stream()
          .map(earlier -> "\n  AND " + passes(earlier)).collect(Collectors.joining());
      branches.add("SELECT " + deadLetterColumns(rule, index, target) + "\nFROM "
          + inputs.get(rule.input()).reference() + "\nWHERE " + condition);
    }
    return statement("INSERT INTO " + target.reference() + "\n" + String.join("\nUNION ALL\n", branches),
        "spec.quality[" + indexes.get(0) + "].deadLetter");
  }

  /** The dead letter's columns, taken from the input by name; sluice_rule gets the rule's name. */
  private String deadLetterColumns(QualityRule rule, int index, Table target) {
    List<String> columns = new ArrayList<>();
    List<String> inputColumns = inputs.get(rule.input()).spec().schema().columns().stream().map(Column::name).toList();
    for (Column column : target.spec().schema().columns()) {
      if (column.computed()) {
        continue;
      }
      if (column.name().equals(QualityTableOptions.RULE_COLUMN)) {
        columns.add("CAST(" + Sql.literal(rule.name()) + " AS STRING) AS " + Sql.identifier(column.name()));
      } else if (inputColumns.contains(column.name())) {
        columns.add(Sql.identifier(column.name()));
      } else {
        errors.add(PlanError.pipeline(context.pipeline(), "spec.quality[" + index + "].deadLetter",
            "dead-letter Dataset '" + target.dataset() + "' has column '" + column.name() + "', which input '"
                + rule.input() + "' does not have; a dead letter takes the input's columns (and sluice_rule)"));
      }
    }
    return String.join(", ", columns);
  }

  private List<QualityRule> earlierDeadLetterRules(QualityRule rule) {
    return rules.subList(0, rules.indexOf(rule)).stream()
        .filter(earlier -> earlier.input().equals(rule.input()) && earlier.action() == QualityRule.Action.DEAD_LETTER)
        .toList();
  }

  private List<String> checkedInputs() {
    return rules.stream().map(QualityRule::input).distinct().toList();
  }

  private String passesAll(String input) {
    return rulesOf(input).stream().map(QualityStatements::passes).collect(Collectors.joining("\n  AND "));
  }

  private List<QualityRule> rulesOf(String input) {
    return rules.stream().filter(rule -> rule.input().equals(input)).toList();
  }

  /** The rule's expression is TRUE; a NULL result fails. The newline ends a trailing line comment. */
  private static String passes(QualityRule rule) {
    return "(" + rule.expression() + "\n) IS TRUE";
  }

  private static String fails(QualityRule rule) {
    return "(" + rule.expression() + "\n) IS NOT TRUE";
  }

  private static String names(List<QualityRule> rules) {
    return rules.stream().map(QualityRule::name).collect(Collectors.joining(","));
  }

  private PlanStatement statement(String sql, String field) {
    return new PlanStatement(sql, context.pipelineResource(), field, 0);
  }
}
