package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.CheckpointStatus;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.QualityViolations;
import dev.sluice.api.pipeline.ThroughputStatus;
import dev.sluice.testing.SettableClock;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Pipeline meters, read back from the registry. */
class PipelineMetricsTest {

  private static final Tags ORDERS = Tags.of("namespace", "shop", "pipeline", "orders");

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final PipelineMetrics metrics = new PipelineMetrics(registry,
      new SettableClock(Instant.parse("2026-12-03T12:00:10Z")));
  private final Pipeline orders = new Pipeline();

  PipelineMetricsTest() {
    orders.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName("orders").build());
  }

  @Test
  void publishesTheRatesAndTheLastCheckpointFromTheStatus() {
    PipelineStatus status = new PipelineStatus();
    ThroughputStatus throughput = new ThroughputStatus();
    throughput.setInputRecordsPerSecond(120.5);
    throughput.setOutputRecordsPerSecond(30.0);
    status.setThroughput(throughput);
    CheckpointStatus checkpoint = new CheckpointStatus();
    checkpoint.setLastCompletedTime("2026-12-03T12:00:00Z");
    checkpoint.setLastDurationMillis(1500L);
    status.setCheckpoint(checkpoint);

    metrics.record(orders, status);

    assertEquals(120.5, gauge("sluice_pipeline_input_records_per_second", ORDERS));
    assertEquals(30.0, gauge("sluice_pipeline_output_records_per_second", ORDERS));
    assertEquals(10.0, gauge("sluice_pipeline_checkpoint_age_seconds", ORDERS));
    assertEquals(1.5, gauge("sluice_pipeline_checkpoint_duration_seconds", ORDERS));
    assertTrue(Double.isNaN(gauge("sluice_pipeline_lag_records", ORDERS)), "not observed yet");
  }

  @Test
  void publishesTheViolationsOfEachQualityRule() {
    PipelineStatus status = new PipelineStatus();
    QualityViolations plausible = new QualityViolations();
    plausible.setRule("plausible_amount");
    plausible.setViolations(7L);
    status.setQuality(List.of(plausible));

    metrics.record(orders, status);

    assertEquals(7.0, gauge("sluice_pipeline_quality_violations", ORDERS.and("rule", "plausible_amount")));
  }

  @Test
  void rescalesCountFromZeroAndGoWithThePipeline() {
    metrics.record(orders, new PipelineStatus());
    assertEquals(0.0, rescales("up"));
    assertEquals(0.0, rescales("down"));

    metrics.rescaled(orders, false);
    assertEquals(1.0, rescales("down"));
    assertEquals(0.0, rescales("up"));

    metrics.forget(orders);
    assertTrue(registry.getMeters().stream().noneMatch(meter -> meter.getId().getName().startsWith("sluice_pipeline_")),
        "the deleted Pipeline's meters are gone");
  }

  private double gauge(String name, Tags tags) {
    return registry.get(name).tags(tags).gauge().value();
  }

  private double rescales(String direction) {
    return registry.get("sluice_pipeline_rescales").tags(ORDERS.and("direction", direction)).counter().count();
  }
}
