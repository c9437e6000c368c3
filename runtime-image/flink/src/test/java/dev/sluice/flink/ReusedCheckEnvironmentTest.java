package dev.sluice.flink;

import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.fixtures.Examples;
import dev.sluice.fixtures.Specs;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanBuilder;
import dev.sluice.plan.PlanError;
import dev.sluice.plan.PlanResult;
import org.apache.flink.table.operations.Operation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One validator checks plan after plan in one reused TableEnvironment: whatever plan came before,
 * the verdict on the next is the one a new environment gives, so no plan's tables, views or
 * databases are seen by another. ({@code ExamplePlansValidateTest} checks every example in one
 * validator too.)
 */
class ReusedCheckEnvironmentTest {

  private static final DatasetSpec KEYS = Specs.dataset("""
      connector: {blackhole: {}}
      schema:
        columns: [{name: k, type: STRING}, {name: v, type: BIGINT}]
      """);
  private static final DatasetSpec GENERATED = Specs.dataset("""
      connector:
        datagen: {rowsPerSecond: 10}
      schema:
        columns: [{name: k, type: STRING}, {name: v, type: BIGINT}]
      """);

  /** Plans whose objects a later plan could wrongly see, and plans that would see them. */
  private static final List<PipelinePlan> PLANS = List.of(
      plan("a", List.of("in"), "CREATE TEMPORARY VIEW doubled AS SELECT k, v * 2 AS v FROM `in`;"
          + " INSERT INTO `out` SELECT * FROM doubled", ""),
      plan("b", List.of("in"), "INSERT INTO `out` SELECT * FROM doubled", ""),
      plan("c", List.of("in", "extra"), "CREATE VIEW kept AS SELECT * FROM extra;"
          + " INSERT INTO `out` SELECT * FROM `in` UNION ALL SELECT * FROM kept", ""),
      plan("d", List.of("in"), "INSERT INTO `out` SELECT * FROM extra UNION ALL SELECT * FROM kept", ""),
      plan("e", List.of("in"), "CREATE TEMPORARY VIEW elsewhere.somewhere.hidden AS SELECT * FROM `in`;"
          + " INSERT INTO `out` SELECT * FROM `in`", ""),
      plan("f", List.of("in"), "INSERT INTO `out` SELECT * FROM elsewhere.somewhere.hidden", ""),
      plan("g", List.of("in"), "INSERT INTO `out` SELECT * FROM `in`",
          "quality: [{name: positive, input: in, expression: \"v > 0\", action: drop}]"),
      plan("h", List.of("in"), "INSERT INTO `out` SELECT * FROM sluice_internal.`in`",
          "quality: [{name: positive, input: in, expression: \"v > 0\", action: drop}]"),
      plan("i", List.of("in"), "INSERT INTO `out` SELECT * FROM default_catalog.default_database.extra", ""));

  @Test
  void everyPlanAfterEveryOtherGetsTheVerdictOfANewEnvironment() {
    Map<PipelinePlan, List<PlanError>> fresh = PLANS.stream().collect(Collectors.toMap(
        plan -> plan, plan -> new FlinkPlanValidator().validate(plan)));
    FlinkPlanValidator reused = new FlinkPlanValidator();
    for (PipelinePlan before : PLANS) {
      for (PipelinePlan after : PLANS) {
        reused.validate(before);
        assertEquals(fresh.get(after), reused.validate(after),
            () -> "Pipeline " + after.name() + " checked after Pipeline " + before.name());
      }
    }
  }

  /** A planner only works on the thread that started it; callers come from any thread. */
  @Test
  void callersOnManyThreadsGetTheVerdictsOfNewEnvironments() throws Exception {
    Map<PipelinePlan, List<PlanError>> fresh = PLANS.stream().collect(Collectors.toMap(
        plan -> plan, plan -> new FlinkPlanValidator().validate(plan)));
    FlinkPlanValidator shared = new FlinkPlanValidator();
    ExecutorService callers = Executors.newFixedThreadPool(6);
    try {
      List<Future<Map<PipelinePlan, List<PlanError>>>> verdicts = IntStream.range(0, 6)
          .mapToObj(caller -> callers.submit(() -> PLANS.stream().collect(Collectors.toMap(
              plan -> plan, shared::validate))))
          .toList();
      for (Future<Map<PipelinePlan, List<PlanError>>> verdict : verdicts) {
        assertEquals(fresh, verdict.get());
      }
    } finally {
      callers.shutdownNow();
    }
  }

  /** The warm-up plans on each check thread; the environments it leaves judge like new ones. */
  @Test
  void aWarmedUpValidatorFindsNoErrorInItsOwnPlanAndJudgesLikeANewOne() {
    Map<PipelinePlan, List<PlanError>> fresh = PLANS.stream().collect(Collectors.toMap(
        plan -> plan, plan -> new FlinkPlanValidator().validate(plan)));
    FlinkPlanValidator warmed = new FlinkPlanValidator();
    assertEquals(List.of(), warmed.warmUp().join());
    for (PipelinePlan plan : PLANS) {
      assertEquals(fresh.get(plan), warmed.validate(plan), () -> "Pipeline " + plan.name() + " after the warm-up");
    }
  }

  @Test
  void objectsOfOnePlanAreUnknownToTheNext() {
    FlinkPlanValidator reused = new FlinkPlanValidator();
    assertEquals(List.of(), reused.validate(PLANS.get(0)));
    List<PlanError> errors = reused.validate(PLANS.get(1));
    assertFalse(errors.isEmpty());
    assertTrue(errors.get(0).message().contains("table 'doubled' is not a declared dataset"), errors.toString());
    assertEquals(List.of(), reused.validate(PLANS.get(2)));
    assertFalse(reused.validate(PLANS.get(3)).isEmpty());
    assertEquals(List.of(), reused.validate(PLANS.get(6)));
    // A second plan with quality rules creates Sluice's internal database again.
    assertEquals(List.of(), reused.validate(PLANS.get(6)));
  }

  @Test
  void anEnvironmentIsAsCleanAsANewOneAfterEveryPlan() {
    CheckEnvironment environment = new CheckEnvironment();
    for (PipelinePlan plan : PLANS) {
      new PlanCheck(plan, environment).run();
      assertTrue(environment.reset(), () -> "after Pipeline " + plan.name());
    }
  }

  @Test
  void anEnvironmentThatRanAnOperationItCannotUndoIsNotUsedAgain() {
    CheckEnvironment environment = new CheckEnvironment();
    Operation function = environment.environment().getParser()
        .parse("CREATE TEMPORARY SYSTEM FUNCTION f AS 'dev.sluice.Missing'").get(0);
    assertThrows(RuntimeException.class, () -> environment.execute(function));
    assertFalse(environment.reset());
  }

  private static PipelinePlan plan(String name, List<String> inputs, String sql, String quality) {
    PlanResult result = PlanBuilder.build("ns", name, Specs.pipeline("""
        inputs: %s
        outputs: [out]
        sql: "%s"
        %s
        """.formatted(inputs, sql, quality)), Map.of("in", GENERATED, "extra", GENERATED, "out", KEYS),
        Examples.DEFAULTS);
    assertTrue(result.valid(), () -> result.errors().toString());
    return result.plan();
  }
}
