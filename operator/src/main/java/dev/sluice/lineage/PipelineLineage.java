package dev.sluice.lineage;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.slo.ServiceLevelObjective;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** What the Pipeline reconciler tells OpenLineage: each reconcile's look at a Pipeline, and its deletion. */
public interface PipelineLineage extends AutoCloseable {

  /** No endpoint configured: nothing is sent, and no thread runs. */
  PipelineLineage NONE = new PipelineLineage() {
    @Override
    public void observed(Pipeline pipeline, PipelineStatus status, Map<String, Dataset> datasets,
        Collection<ServiceLevelObjective> objectives) {
    }

    @Override
    public void deleted(Pipeline pipeline, Map<String, Dataset> datasets, Collection<ServiceLevelObjective> objectives) {
    }

    @Override
    public void close() {
    }
  };

  static PipelineLineage of(Optional<LineageSettings> settings, MeterRegistry registry, Clock clock) {
    return settings.<PipelineLineage>map(configured -> new OpenLineageRuns(configured, registry, clock)).orElse(NONE);
  }

  /**
   * @param status the status this reconcile is about to write
   * @param objectives the ServiceLevelObjectives about the Pipeline and its Datasets that the operator knows of
   */
  void observed(Pipeline pipeline, PipelineStatus status, Map<String, Dataset> datasets,
      Collection<ServiceLevelObjective> objectives);

  /** The Pipeline's finalizer is about to go. */
  void deleted(Pipeline pipeline, Map<String, Dataset> datasets, Collection<ServiceLevelObjective> objectives);

  @Override
  void close();
}
