package dev.sluice.flink;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.pipeline.Checkpointing;
import dev.sluice.api.pipeline.LagStatus;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.observation.CompletedCheckpoint;
import dev.sluice.observation.FlinkJobState;
import dev.sluice.observation.JobObservation;
import dev.sluice.observation.VertexMetrics;
import dev.sluice.freshness.Freshness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Sets a Pipeline's freshThrough from a running job (see {@link Freshness} for what it means), and
 * its freshness as the age of freshThrough now. While the job does not run, or its figures say
 * nothing new, freshThrough stays and the age grows.
 */
public final class OutputFreshness {

  private static final Logger LOG = LoggerFactory.getLogger(OutputFreshness.class);

  private final FlinkEndpointResolver endpoints;
  private final FlinkJobClient flink;
  private final Clock clock;

  public OutputFreshness(FlinkEndpointResolver endpoints, FlinkJobClient flink, Clock clock) {
    this.endpoints = endpoints;
    this.flink = flink;
    this.clock = clock;
  }

  /** @param status with this reconcile's lag already set */
  public void apply(Pipeline pipeline, Map<String, Dataset> datasets, Optional<JobObservation> observation,
      PipelineStatus status) {
    Optional<JobObservation> running = observation.filter(seen -> seen.job().state() == FlinkJobState.RUNNING);
    try {
      running.flatMap(seen -> Freshness.freshThrough(writerWatermark(pipeline, seen),
              generatedInputsOnly(pipeline, datasets) ? OptionalDouble.of(0) : lagSeconds(status.getLag()),
              seen.checkpoints().latestCompleted().map(CompletedCheckpoint::triggerTime),
              visibleAtCheckpoint(pipeline, datasets), seen.observedAt()))
          .ifPresent(freshThrough -> status.setFreshThrough(freshThrough.toString()));
    } catch (FlinkRestException e) {
      LOG.debug("No sink watermarks, freshness not renewed: {}", e.getMessage());
    }
    if (status.getFreshThrough() != null) {
      Freshness.Age age = Freshness.age(Instant.parse(status.getFreshThrough()), clock.instant());
      status.setFreshness(age.text());
      status.setFreshnessSeconds(age.seconds());
    }
  }

  /** The lowest over the vertices that write sinks; empty when none has seen a watermark. */
  private OptionalLong writerWatermark(Pipeline pipeline, JobObservation observation) {
    FlinkEndpoint endpoint = endpoints.endpoint(pipeline);
    return observation.vertices().stream()
        .map(VertexMetrics::vertex)
        .map(vertex -> flink.writerInputWatermark(endpoint, observation.job().id(), vertex))
        .filter(OptionalLong::isPresent)
        .mapToLong(OptionalLong::getAsLong)
        .min();
  }

  /** Zero records pending is zero seconds, whatever the rate. */
  private static OptionalDouble lagSeconds(LagStatus lag) {
    if (lag == null) {
      return OptionalDouble.empty();
    }
    if (lag.getSeconds() != null) {
      return OptionalDouble.of(lag.getSeconds());
    }
    return Long.valueOf(0).equals(lag.getRecords()) ? OptionalDouble.of(0) : OptionalDouble.empty();
  }

  /**
   * Generated input is made as it is read, so it has no backlog: without event time, the outputs
   * are as fresh as what they show.
   */
  private static boolean generatedInputsOnly(Pipeline pipeline, Map<String, Dataset> datasets) {
    return pipeline.getSpec().inputs().stream().map(datasets::get)
        .allMatch(dataset -> dataset != null && dataset.getSpec().connector().datagen() != null);
  }

  /** Exactly-once Kafka outputs are transactions committed with checkpoints; files are committed then too. */
  private static boolean visibleAtCheckpoint(Pipeline pipeline, Map<String, Dataset> datasets) {
    boolean exactlyOnce = pipeline.getSpec().checkpointing().mode() == Checkpointing.Mode.EXACTLY_ONCE;
    return pipeline.getSpec().writtenDatasets().stream()
        .map(datasets::get)
        .filter(Objects::nonNull)
        .map(dataset -> dataset.getSpec().connector())
        .anyMatch(connector -> connector.filesystem() != null || (exactlyOnce && connector.kafka() != null));
  }
}
