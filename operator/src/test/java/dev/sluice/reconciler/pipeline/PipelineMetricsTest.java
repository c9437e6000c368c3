package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.CheckpointStatus;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.QualityViolations;
import dev.sluice.api.pipeline.ThroughputStatus;
import dev.sluice.testing.SettableClock;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineMetricsTest {

  private static final String TAGS = "{namespace=\"shop\",pipeline=\"orders\"}";

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

    String scrape = registry.scrape();
    assertTrue(scrape.contains("sluice_pipeline_input_records_per_second" + TAGS + " 120.5"), scrape);
    assertTrue(scrape.contains("sluice_pipeline_output_records_per_second" + TAGS + " 30.0"), scrape);
    assertTrue(scrape.contains("sluice_pipeline_checkpoint_age_seconds" + TAGS + " 10.0"), scrape);
    assertTrue(scrape.contains("sluice_pipeline_checkpoint_duration_seconds" + TAGS + " 1.5"), scrape);
    assertTrue(scrape.contains("sluice_pipeline_lag_records" + TAGS + " NaN"), "not observed yet: " + scrape);
  }

  @Test
  void publishesTheViolationsOfEachQualityRule() {
    PipelineStatus status = new PipelineStatus();
    QualityViolations plausible = new QualityViolations();
    plausible.setRule("plausible_amount");
    plausible.setViolations(7L);
    status.setQuality(List.of(plausible));

    metrics.record(orders, status);

    String scrape = registry.scrape();
    assertTrue(scrape.contains(
        "sluice_pipeline_quality_violations{namespace=\"shop\",pipeline=\"orders\",rule=\"plausible_amount\"} 7.0"),
        scrape);
  }

  @Test
  void rescalesCountFromZeroAndGoWithThePipeline() {
    metrics.record(orders, new PipelineStatus());
    String before = registry.scrape();
    assertTrue(before.contains("sluice_pipeline_rescales_total{direction=\"up\",namespace=\"shop\",pipeline=\"orders\"} 0.0"),
        before);

    metrics.rescaled(orders, false);
    String after = registry.scrape();
    assertTrue(after.contains("sluice_pipeline_rescales_total{direction=\"down\",namespace=\"shop\",pipeline=\"orders\"} 1.0"),
        after);

    metrics.forget(orders);
    assertFalse(registry.scrape().contains("sluice_pipeline_"), registry.scrape());
  }
}
