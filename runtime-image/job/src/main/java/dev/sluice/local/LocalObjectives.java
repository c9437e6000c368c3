package dev.sluice.local;

import dev.sluice.api.dataset.DatasetStatus;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.api.slo.SloSpec;
import dev.sluice.freshness.ProducerFreshness;
import dev.sluice.slo.HistoryJson;
import dev.sluice.slo.SliReading;
import dev.sluice.slo.SliSources;
import dev.sluice.slo.SloPolicy;
import dev.sluice.slo.SloStatusFigures;
import dev.sluice.slo.SloTracker;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The ServiceLevelObjectives of a directory as {@code sluice run} evaluates them: at each look, each
 * one from its target's status with the operator's maths ({@link SliSources}, {@link SloTracker}),
 * into the status the operator writes, conditions aside. A Dataset's status is its producers'
 * freshness, as the operator sets it. Each objective's history is kept in the run's directory, in the
 * operator's format, so the next run in the same directory goes on with the window.
 */
final class LocalObjectives {

  /** As often as the operator writes an SLO's history. */
  static final Duration SAVE_EVERY = Duration.ofMinutes(1);

  private final List<ServiceLevelObjective> objectives;
  private final List<Pipeline> pipelines;
  private final Map<ServiceLevelObjective, SloTracker> trackers = new IdentityHashMap<>();
  private final SluiceDirectory state;
  private Instant saved = Instant.MIN;

  /**
   * @param pipelines every Pipeline of the directory, each carrying its status once it runs
   * @param interval how often {@link #evaluate} is called
   * @param say where to tell whether a window goes on from the last run
   */
  LocalObjectives(List<ServiceLevelObjective> objectives, List<Pipeline> pipelines, Duration interval,
      SluiceDirectory state, Consumer<String> say) throws IOException {
    this.objectives = List.copyOf(objectives);
    this.pipelines = List.copyOf(pipelines);
    this.state = state;
    for (ServiceLevelObjective objective : objectives) {
      // Objectives concern Pipelines of their own namespace only (Deadlines.concerns).
      objective.getMetadata().setNamespace(LocalNames.NAMESPACE);
      String name = objective.getMetadata().getName();
      HistoryJson.Readback kept = state.sloHistory(name).map(HistoryJson::read)
          .orElse(new HistoryJson.Readback(Optional.empty(), null));
      if (kept.unreadable() != null) {
        say.accept(name + "'s window starts afresh: its history in " + state.sloHistoryFile(name)
            + " is unreadable (" + kept.unreadable() + ")");
      } else if (kept.snapshot().isPresent()) {
        say.accept(name + " goes on with the window of the last run (history in " + state.sloHistoryFile(name) + ")");
      }
      trackers.put(objective, SloTracker.restore(SloPolicy.of(objective.getSpec()), SloTracker.maxGap(interval),
          kept.snapshot().orElse(null)));
    }
  }

  /** Every objective, with the status of its latest evaluation. */
  List<ServiceLevelObjective> all() {
    return objectives;
  }

  /** Samples each objective's indicator now and sets its status. */
  void evaluate(Instant now) throws IOException {
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
    if (!now.isBefore(saved.plus(SAVE_EVERY))) {
      save();
      saved = now;
    }
  }

  /** Keeps each objective's history for the next run; a crash loses at most {@link #SAVE_EVERY} of it. */
  void save() throws IOException {
    for (ServiceLevelObjective objective : objectives) {
      state.sloHistory(objective.getMetadata().getName(), HistoryJson.write(trackers.get(objective).snapshot()));
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
