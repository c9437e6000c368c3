package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.LagStatus;
import dev.sluice.api.pipeline.ParallelismStatus;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.QualityViolations;
import dev.sluice.api.pipeline.ThroughputStatus;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Sluice's figures per Pipeline, as Prometheus gauges tagged with namespace and pipeline: the
 * source lag, the current and desired parallelism, the input and output rates, the age and
 * duration of the last checkpoint, and per quality rule the rows that failed it since the job
 * started. A figure not observed yet is NaN rather than zero. A counter
 * adds up the autoscaler's rescales by direction; it starts at zero with the pipeline, so that
 * dashboards and rate() see the series before the first rescale.
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
    Tags tags = Tags.of("namespace", pipeline.getMetadata().getNamespace(), "pipeline", pipeline.getMetadata().getName());
    if (latest.put(key, status) == null) {
      gauge("sluice_pipeline_lag_records", "Records the sources have yet to read", tags, key,
          figure(PipelineStatus::getLag, LagStatus::getRecords));
      gauge("sluice_pipeline_parallelism", "Parallelism the job runs with", tags, key,
          figure(PipelineStatus::getParallelism, ParallelismStatus::getCurrent));
      gauge("sluice_pipeline_desired_parallelism", "Parallelism the operator is moving the job to", tags, key,
          figure(PipelineStatus::getParallelism, ParallelismStatus::getDesired));
      gauge("sluice_pipeline_input_records_per_second", "Records per second the sources read", tags, key,
          figure(PipelineStatus::getThroughput, ThroughputStatus::getInputRecordsPerSecond));
      gauge("sluice_pipeline_output_records_per_second", "Records per second the sinks write", tags, key,
          figure(PipelineStatus::getThroughput, ThroughputStatus::getOutputRecordsPerSecond));
      gauge("sluice_pipeline_checkpoint_age_seconds", "Seconds since the last completed checkpoint", tags, key,
          this::checkpointAge);
      gauge("sluice_pipeline_checkpoint_duration_seconds", "How long the last completed checkpoint took", tags, key,
          figure(PipelineStatus::getCheckpoint, c -> c.getLastDurationMillis() == null ? null
              : c.getLastDurationMillis() / 1000.0));
      rescales(pipeline, "up");
      rescales(pipeline, "down");
    }
    // A rule added to the spec gets its gauge when its first count comes.
    for (QualityViolations counted : status.getQuality()) {
      String rule = counted.getRule();
      gauge("sluice_pipeline_quality_violations", "Rows that failed the quality rule since the job started",
          tags.and("rule", rule), key, s -> violations(s, rule));
    }
  }

  /** Counts a rescale the autoscaler decided, as {@code sluice_pipeline_rescales_total{direction="up|down"}}. */
  public void rescaled(Pipeline pipeline, boolean up) {
    rescales(pipeline, up ? "up" : "down").increment();
  }

  private Counter rescales(Pipeline pipeline, String direction) {
    return Counter.builder("sluice_pipeline_rescales").description("Rescales the autoscaler decided")
        .tags("namespace", pipeline.getMetadata().getNamespace(), "pipeline", pipeline.getMetadata().getName(),
            "direction", direction)
        .register(registry);
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

  /** A number from one part of the status, NaN while that part or the number is missing. */
  private static <T> ToDoubleFunction<PipelineStatus> figure(Function<PipelineStatus, T> part,
      Function<T, ? extends Number> number) {
    return status -> {
      T observed = part.apply(status);
      Number value = observed == null ? null : number.apply(observed);
      return value == null ? Double.NaN : value.doubleValue();
    };
  }

  private static double violations(PipelineStatus status, String rule) {
    return status.getQuality().stream().filter(counted -> rule.equals(counted.getRule()))
        .map(QualityViolations::getViolations).filter(Objects::nonNull)
        .findFirst().map(Long::doubleValue).orElse(Double.NaN);
  }

  private double checkpointAge(PipelineStatus status) {
    if (status.getCheckpoint() == null || status.getCheckpoint().getLastCompletedTime() == null) {
      return Double.NaN;
    }
    Instant completed = Instant.parse(status.getCheckpoint().getLastCompletedTime());
    return Duration.between(completed, clock.instant()).toMillis() / 1000.0;
  }
}
