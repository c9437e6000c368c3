package dev.sluice.plan;

import dev.sluice.api.ManifestSet;
import dev.sluice.api.dataset.Column;
import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.api.dataset.Schema;
import dev.sluice.api.pipeline.Checkpointing;
import dev.sluice.api.pipeline.Parallelism;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineSpec;
import dev.sluice.fixtures.Examples;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PlanHashTest {

  private final ManifestSet example = Examples.load("order-enrichment");
  private final PipelineSpec spec = example.pipelines().get(0).getSpec();
  private final String hash = hashOf(spec, Examples.datasets(example));

  @Test
  void theSameSpecsGiveTheSameHash() {
    assertEquals(hash, hashOf(spec, Examples.datasets(Examples.load("order-enrichment"))));
    assertEquals(64, hash.length());
  }

  @Test
  void parallelismIsARescaleNotAnUpgrade() {
    PipelineSpec rescaled = withParallelism(spec, new Parallelism(8, 2, 24));
    assertEquals(hash, hashOf(rescaled, Examples.datasets(example)));
  }

  @Test
  void descriptionsDoNotChangeWhatRuns() {
    Map<String, DatasetSpec> datasets = new HashMap<>(Examples.datasets(example));
    DatasetSpec orders = datasets.get("orders");
    var described = orders.schema().columns().stream()
        .map(c -> new Column(c.name(), c.type(), c.expression(), c.nullable(), "documented later")).toList();
    datasets.put("orders", new DatasetSpec(orders.connector(), orders.format(),
        new Schema(described, orders.schema().primaryKey(), orders.schema().eventTime()), orders.contract()));
    assertEquals(hash, hashOf(spec, datasets));
  }

  @Test
  void sqlAndCheckpointingAreUpgrades() {
    PipelineSpec otherSql = new PipelineSpec(spec.inputs(), spec.outputs(), spec.sql().replace("LEFT JOIN", "JOIN"), spec.quality(),
        spec.parallelism(), spec.autoscaler(), spec.checkpointing(), spec.upgradeMode(), spec.suspend(),
        spec.resources(), spec.rollback());
    assertNotEquals(hash, hashOf(otherSql, Examples.datasets(example)));
    PipelineSpec otherInterval = new PipelineSpec(spec.inputs(), spec.outputs(), spec.sql(), spec.quality(),
        spec.parallelism(), spec.autoscaler(), new Checkpointing("1m", null, null, null, null, null, null), spec.upgradeMode(),
        spec.suspend(), spec.resources(), spec.rollback());
    assertNotEquals(hash, hashOf(otherInterval, Examples.datasets(example)));
  }

  @Test
  void aPlanSurvivesItsJsonUnchanged() {
    Pipeline pipeline = example.pipelines().get(0);
    PipelinePlan plan = Examples.plan(example, pipeline, Examples.DEFAULTS).plan();
    PipelinePlan read = PlanJson.read(PlanJson.write(plan));
    assertEquals(plan, read);
    assertEquals(plan.hash(), PipelinePlan.of(read.namespace(), read.name(), read.inputs(), read.outputs(),
        read.ddl(), read.inserts(),
        read.flinkConfig(), read.parallelism(), read.secretEnv(), read.qualityRules()).hash());
  }

  private static String hashOf(PipelineSpec spec, Map<String, DatasetSpec> datasets) {
    return PlanBuilder.build("shop", "enrich-orders", spec, datasets, Examples.DEFAULTS).plan().hash();
  }

  private static PipelineSpec withParallelism(PipelineSpec spec, Parallelism parallelism) {
    return new PipelineSpec(spec.inputs(), spec.outputs(), spec.sql(), spec.quality(), parallelism,
        spec.autoscaler(), spec.checkpointing(), spec.upgradeMode(), spec.suspend(), spec.resources(),
        spec.rollback());
  }
}
