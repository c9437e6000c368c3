package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Phase;

/**
 * Every reason a Pipeline's conditions and events give: one list for both, so that {@code kubectl
 * get events --field-selector reason=...} and a condition's reason name the same thing.
 */
public enum PipelineReason {
  // Phases: Ready's reason, and Progressing's while a deployment is awaited.
  Pending,
  Deploying,
  Running,
  Scaling,
  Upgrading,
  Suspended,
  Failed,
  Invalid,

  // Lifecycle steps: Progressing's reason, and the events of the steps.
  TakingSavepoint,
  Suspending,
  Rescaling,
  RescaleCheckpoint,
  RollingBack,
  UpToDate,
  SavepointTaken,
  SavepointFailed,
  RolledBack,
  RollbackImpossible,
  DriftRepaired,

  // SpecValid.
  Planned,
  PlanInvalid,
  DatasetNotFound,
  InvalidSql,
  StorageInvalid,

  // Degraded, healthy or not.
  Healthy,
  SecretMissing,
  ReconcileFailed,
  JobManagerUnavailable,
  JobFailed,
  JobRestarting,
  CheckpointsFailing,
  CheckpointsRecovered,
  ParallelismUnscheduled,

  // The autoscaler's decisions.
  ScaledUp,
  ScaledDown,
  SavepointForRescale;

  /** The reason that names a phase. */
  public static PipelineReason of(Phase phase) {
    return valueOf(phase.name());
  }
}
