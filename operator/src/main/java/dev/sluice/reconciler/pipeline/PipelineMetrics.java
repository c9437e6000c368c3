package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Sluice's figures per Pipeline, as Prometheus gauges tagged with namespace and pipeline: the
 * source lag, the current and desired parallelism, and the age of the last checkpoint. A figure
 * not observed yet is NaN, which Prometheus shows as absent rather than as zero. A counter adds
 * up the autoscaler's rescales by direction.
 */
public class PipelineMetrics {

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<ResourceID, PipelineStatus> latest = new ConcurrentHashMap<>();

  public PipelineMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  void record(Pipeline pipeline, PipelineStatus status) {
    ResourceID key = ResourceID.fromResource(pipeline);
    if (latest.put(key, status) == null) {
      Tags tags = Tags.of("namespace", pipeline.getMetadata().getNamespace(), "pipeline", pipeline.getMetadata().getName());
      gauge("sluice_pipeline_lag_records", "Records the sources have yet to read", tags, key,
          s -> s.getLag() == null || s.getLag().getRecords() == null ? Double.NaN : s.getLag().getRecords());
      gauge("sluice_pipeline_parallelism", "Parallelism the job runs with", tags, key,
          s -> s.getParallelism() == null || s.getParallelism().getCurrent() == null ? Double.NaN
              : s.getParallelism().getCurrent());
      gauge("sluice_pipeline_desired_parallelism", "Parallelism the operator is moving the job to", tags, key,
          s -> s.getParallelism() == null || s.getParallelism().getDesired() == null ? Double.NaN
              : s.getParallelism().getDesired());
      gauge("sluice_pipeline_checkpoint_age_seconds", "Seconds since the last completed checkpoint", tags, key,
          this::checkpointAge);
    }
  }

  /** Counts a rescale the autoscaler decided, as {@code sluice_pipeline_rescales_total{direction="up|down"}}. */
  public void rescaled(Pipeline pipeline, boolean up) {
    Counter.builder("sluice_pipeline_rescales").description("Rescales the autoscaler decided")
        .tags("namespace", pipeline.getMetadata().getNamespace(), "pipeline", pipeline.getMetadata().getName(),
            "direction", up ? "up" : "down")
        .register(registry).increment();
  }

  void forget(Pipeline pipeline) {
    latest.remove(ResourceID.fromResource(pipeline));
    registry.getMeters().stream()
        .filter(meter -> meter.getId().getName().startsWith("sluice_pipeline_")
            && pipeline.getMetadata().getNamespace().equals(meter.getId().getTag("namespace"))
            && pipeline.getMetadata().getName().equals(meter.getId().getTag("pipeline")))
        .forEach(registry::remove);
  }

  private void gauge(String name, String description, Tags tags, ResourceID key,
      ToDoubleFunction<PipelineStatus> value) {
    Gauge.builder(name, latest, statuses -> statuses.containsKey(key) ? value.applyAsDouble(statuses.get(key))
            : Double.NaN)
        .description(description).tags(tags).register(registry);
  }

  private double checkpointAge(PipelineStatus status) {
    if (status.getCheckpoint() == null || status.getCheckpoint().getLastCompletedTime() == null) {
      return Double.NaN;
    }
    Instant completed = Instant.parse(status.getCheckpoint().getLastCompletedTime());
    return Duration.between(completed, clock.instant()).toMillis() / 1000.0;
  }
}
