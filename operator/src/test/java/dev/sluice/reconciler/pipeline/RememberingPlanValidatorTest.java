package dev.sluice.reconciler.pipeline;

import dev.sluice.fixtures.Specs;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanBuilder;
import dev.sluice.plan.PlanDefaults;
import dev.sluice.plan.PlanError;
import dev.sluice.plan.PlanValidator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each plan is validated once however many Pipelines the operator carries. */
class RememberingPlanValidatorTest {

  @Test
  void aThousandPipelinesReconciledInTurnArePlannedOnceEach() {
    AtomicInteger planned = new AtomicInteger();
    PlanValidator countingFake = plan -> {
      planned.incrementAndGet();
      return List.<PlanError>of();
    };
    RememberingPlanValidator validator = new RememberingPlanValidator(countingFake);
    List<PipelinePlan> plans = IntStream.range(0, 1000).mapToObj(RememberingPlanValidatorTest::plan).toList();

    for (int round = 0; round < 3; round++) {
      plans.forEach(validator::validate);
    }

    assertEquals(1000, planned.get(), "the second and third rounds find every verdict remembered");
  }

  private static PipelinePlan plan(int index) {
    return PlanBuilder.build("bench", "pipeline-" + index, Specs.pipeline("""
            inputs: [numbers]
            outputs: [sink]
            sql: INSERT INTO sink SELECT n FROM numbers
            """), Map.of(
            "numbers", Specs.dataset("""
                connector: {datagen: {rowsPerSecond: 1}}
                schema: {columns: [{name: n, type: BIGINT}]}
                """),
            "sink", Specs.dataset("""
                connector: {blackhole: {}}
                schema: {columns: [{name: n, type: BIGINT}]}
                """)),
        PlanDefaults.forStorage("file:///tmp/sluice-test-state")).plan();
  }
}
