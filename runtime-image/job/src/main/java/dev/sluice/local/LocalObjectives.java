package dev.sluice.local;

import dev.sluice.api.dataset.DatasetStatus;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.api.slo.SloSpec;
import dev.sluice.freshness.ProducerFreshness;
import dev.sluice.slo.SliReading;
import dev.sluice.slo.SliSources;
import dev.sluice.slo.SloPolicy;
import dev.sluice.slo.SloStatusFigures;
import dev.sluice.slo.SloTracker;

import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ServiceLevelObjectives of a directory as {@code sluice run} evaluates them: at each look, each
 * one from its target's status with the operator's maths ({@link SliSources}, {@link SloTracker}),
 * into the status the operator writes, conditions aside. A Dataset's status is its producers'
 * freshness, as the operator sets it. The window starts with the run: no history is kept between runs.
 */
final class LocalObjectives {

  private final List<ServiceLevelObjective> objectives;
  private final List<Pipeline> pipelines;
  private final Map<ServiceLevelObjective, SloTracker> trackers = new IdentityHashMap<>();

  /**
   * @param pipelines every Pipeline of the directory, each carrying its status once it runs
   * @param interval how often {@link #evaluate} is called
   */
  LocalObjectives(List<ServiceLevelObjective> objectives, List<Pipeline> pipelines, Duration interval) {
    this.objectives = List.copyOf(objectives);
    this.pipelines = List.copyOf(pipelines);
    for (ServiceLevelObjective objective : objectives) {
      // Objectives concern Pipelines of their own namespace only (Deadlines.concerns).
      objective.getMetadata().setNamespace(LocalNames.NAMESPACE);
      trackers.put(objective, new SloTracker(SloPolicy.of(objective.getSpec()), SloTracker.maxGap(interval)));
    }
  }

  /** Every objective, with the status of its latest evaluation. */
  List<ServiceLevelObjective> all() {
    return objectives;
  }

  /** Samples each objective's indicator now and sets its status. */
  void evaluate(Instant now) {
    for (ServiceLevelObjective objective : objectives) {
      SloSpec spec = objective.getSpec();
      SloTracker tracker = trackers.get(objective);
      boolean onPipeline = "Pipeline".equals(spec.target().kind());
      SliReading reading = SliSources.read(spec.indicator(),
          onPipeline ? pipelineStatus(spec.target().name()) : null,
          onPipeline ? null : datasetStatus(spec.target().name(), now), tracker.counters(), now);
      tracker.record(now, reading);
      objective.setStatus(SloStatusFigures.of(tracker.evaluate(now), objective.getMetadata().getGeneration(), now));
    }
  }

  /** The Pipeline's status; empty while it has not run, as the operator reads a Pipeline without one. */
  private PipelineStatus pipelineStatus(String name) {
    return pipelines.stream().filter(pipeline -> pipeline.getMetadata().getName().equals(name))
        .map(Pipeline::getStatus).filter(status -> status != null)
        .findFirst().orElseGet(PipelineStatus::new);
  }

  private DatasetStatus datasetStatus(String name, Instant now) {
    DatasetStatus status = new DatasetStatus();
    ProducerFreshness.apply(pipelines.stream()
        .filter(pipeline -> pipeline.getSpec().writtenDatasets().contains(name)).toList(), status, now);
    return status;
  }
}
