package dev.sluice.reconciler.pipeline.scaling;

import dev.sluice.autoscaler.AutoscalerHistory;
import dev.sluice.autoscaler.Unscheduled;
import dev.sluice.observation.JobLooks;
import dev.sluice.observation.JobObservation;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the operator remembers of one Pipeline's scaling between reconciles. It lives in memory
 * only: after an operator restart the history comes back from {@code status.lastScaling} (see
 * {@link LastScaling#history}), the rest from the next looks at the job. The reconciler handles
 * one Pipeline at a time, so no two threads touch one memory at once.
 */
final class PipelineMemory {

  private final JobLooks looks = new JobLooks();
  private AutoscalerHistory history;
  private String checkpointFailure;
  private Unscheduled unscheduled;
  private Ceiling ceiling;

  /** The most the cluster gave when a desired parallelism stayed unscheduled, since when, and why. */
  record Ceiling(int parallelism, Instant since, String why) {
  }

  PipelineMemory(AutoscalerHistory history) {
    this.history = history;
  }

  /** See {@link JobLooks#look}. */
  Optional<JobObservation> look(JobObservation current, OptionalLong committedLag) {
    return looks.look(current, committedLag);
  }

  /** See {@link JobLooks#committedLagBefore}. */
  OptionalLong committedLagBefore() {
    return looks.committedLagBefore();
  }

  /** See {@link JobLooks#runningSince}. */
  Instant runningSince() {
    return looks.runningSince();
  }

  AutoscalerHistory history() {
    return history;
  }

  void history(AutoscalerHistory next) {
    history = next;
  }

  /** How checkpoints were failing at the last evaluation, if they were; events go out when this flips. */
  Optional<String> checkpointFailure() {
    return Optional.ofNullable(checkpointFailure);
  }

  void checkpointFailure(Optional<String> failure) {
    checkpointFailure = failure.orElse(null);
  }

  /** A desired parallelism not yet given, if there is one. */
  Optional<Unscheduled> unscheduled() {
    return Optional.ofNullable(unscheduled);
  }

  void unscheduled(Optional<Unscheduled> gap) {
    unscheduled = gap.orElse(null);
  }

  /** The ceiling met after {@code after}, if one was. */
  Optional<Ceiling> ceiling(Instant after) {
    return Optional.ofNullable(ceiling).filter(met -> met.since().isAfter(after));
  }

  void ceiling(Ceiling met) {
    ceiling = met;
  }
}
