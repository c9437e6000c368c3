package dev.sluice.api;

import dev.sluice.api.dataset.Contract;
import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.dataset.Format;
import dev.sluice.api.pipeline.Checkpointing;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineSpec;
import dev.sluice.api.pipeline.UpgradeMode;
import dev.sluice.api.slo.ServiceLevelObjective;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A minimal manifest gets the same defaults in Java as the API server gives it. */
class DefaultsTest {

  @Test
  void minimalPipelineGetsDefaults() throws IOException {
    PipelineSpec spec = Manifests.yaml().readValue("""
        apiVersion: sluice.dev/v1alpha1
        kind: Pipeline
        metadata: {name: p}
        spec:
          inputs: [a]
          outputs: [b]
          sql: INSERT INTO b SELECT * FROM a
        """, Pipeline.class).getSpec();
    assertEquals(1, spec.parallelism().initial());
    assertEquals(1, spec.parallelism().min());
    assertEquals(8, spec.parallelism().max());
    assertFalse(spec.autoscaler().enabled());
    assertEquals(0.7, spec.autoscaler().targetUtilization());
    assertEquals("10m", spec.autoscaler().catchUpTime());
    assertEquals(8.0, spec.autoscaler().maxScaleFactor());
    assertEquals("30s", spec.checkpointing().interval());
    assertEquals(Checkpointing.Mode.EXACTLY_ONCE, spec.checkpointing().mode());
    assertEquals(UpgradeMode.SAVEPOINT, spec.upgradeMode());
    assertFalse(spec.suspend());
    assertEquals("2Gi", spec.resources().taskManager().memory());
    assertEquals(1, spec.resources().taskManager().slots());
    assertEquals("1Gi", spec.resources().jobManager().memory());
    assertFalse(spec.rollback().enabled());
  }

  @Test
  void partialObjectsKeepDefaultsForTheFieldsLeftOut() throws IOException {
    PipelineSpec spec = Manifests.yaml().readValue("""
        apiVersion: sluice.dev/v1alpha1
        kind: Pipeline
        metadata: {name: p}
        spec:
          inputs: [a]
          outputs: [b]
          sql: INSERT INTO b SELECT * FROM a
          parallelism: {max: 3}
          checkpointing: {interval: 5s}
        """, Pipeline.class).getSpec();
    assertEquals(3, spec.parallelism().max());
    assertEquals(1, spec.parallelism().initial());
    assertEquals("5s", spec.checkpointing().interval());
    assertEquals("10m", spec.checkpointing().timeout());
  }

  @Test
  void minimalDatasetAndSloGetDefaults() throws IOException {
    Dataset dataset = Manifests.yaml().readValue("""
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: d}
        spec:
          connector: {kafka: {topic: t, bootstrapServers: 'k:9092'}}
          schema: {columns: [{name: id, type: BIGINT}]}
        """, Dataset.class);
    assertEquals(Format.JSON, dataset.getSpec().format());
    assertEquals(Contract.Compatibility.BACKWARD, dataset.getSpec().contract().compatibility());
    assertEquals(1, dataset.getSpec().connector().kafka().partitions());
    assertEquals(true, dataset.getSpec().schema().columns().get(0).nullable());

    ServiceLevelObjective slo = Manifests.yaml().readValue("""
        apiVersion: sluice.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata: {name: s}
        spec:
          target: {kind: Dataset, name: d}
          indicator: {freshness: {threshold: 5m}}
          objective: 99.5
        """, ServiceLevelObjective.class);
    assertEquals("28d", slo.getSpec().window());
    assertEquals(14.4, slo.getSpec().alerting().pageBurnRate());
    assertEquals(true, slo.getSpec().alerting().enabled());
  }
}
