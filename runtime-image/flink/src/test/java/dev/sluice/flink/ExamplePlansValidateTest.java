package dev.sluice.flink;

import dev.sluice.api.ManifestSet;
import dev.sluice.api.Manifests;
import dev.sluice.plan.PlanResult;
import dev.sluice.fixtures.Examples;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every Pipeline in examples/ plans, and its plan passes Flink's parser and planner. */
class ExamplePlansValidateTest {

  private final FlinkPlanValidator validator = new FlinkPlanValidator();

  @TestFactory
  Stream<DynamicTest> everyExamplePipelineValidates() {
    List<DynamicTest> tests = Examples.sets().flatMap(set -> {
      ManifestSet manifests = Manifests.loadDirectory(set);
      return manifests.pipelines().stream().map(pipeline -> DynamicTest.dynamicTest(
          set.getFileName() + "/" + pipeline.getMetadata().getName(), () -> {
            PlanResult result = Examples.plan(manifests, pipeline, Examples.DEFAULTS);
            assertTrue(result.valid(), () -> "plan errors: " + result.errors());
            assertEquals(List.of(), validator.validate(result.plan()));
          }));
    }).toList();
    assertFalse(tests.isEmpty(), "no example pipelines found under " + Examples.directory());
    return tests.stream();
  }
}
