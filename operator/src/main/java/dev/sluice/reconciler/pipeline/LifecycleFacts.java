package dev.sluice.reconciler.pipeline;

import dev.sluice.api.common.Durations;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.Rollback;
import dev.sluice.api.pipeline.SavepointStatus;
import dev.sluice.observation.JobObservation;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Gathers what {@link Lifecycle#next} decides from: the Pipeline's wishes and its status. */
final class LifecycleFacts {

  private LifecycleFacts() {
  }

  static Lifecycle.Wanted wanted(Pipeline pipeline, String planHash, int parallelism) {
    Rollback rollback = pipeline.getSpec().rollback();
    return new Lifecycle.Wanted(planHash, pipeline.getSpec().suspend(), pipeline.getSpec().upgradeMode(), parallelism,
        new Lifecycle.RollbackPolicy(rollback.enabled(), Durations.parse(rollback.timeout())),
        pipeline.getSpec().checkpointing().restoreFrom());
  }

  static Lifecycle.Running running(Pipeline pipeline, PipelineStatus status, ClusterState cluster,
      Optional<JobObservation> observation, Instant now) {
    return new Lifecycle.Running(status.getPlanHash(), cluster.jobManagerUp(),
        observation.map(seen -> seen.job().state()), deployedParallelism(pipeline, status, cluster),
        unusedSavepoint(status), status.getPendingSavepoint() != null, history(status, now));
  }

  private static Lifecycle.History history(PipelineStatus status, Instant now) {
    SavepointStatus savepoint = status.getSavepoint();
    String stableSavepoint = savepoint != null && status.getLastStablePlanHash() != null
        && status.getLastStablePlanHash().equals(savepoint.getPlanHash()) ? savepoint.getPath() : null;
    String rolledBack = status.getRollback() == null ? null : status.getRollback().getFromPlanHash();
    Optional<Duration> sinceDeployed = Optional.ofNullable(status.getPlanDeployedTime())
        .map(time -> Duration.between(Instant.parse(time), now));
    return new Lifecycle.History(status.getLastStablePlanHash(), stableSavepoint, rolledBack, sinceDeployed);
  }

  /** The savepoint taken to leave the deployed plan, when no deployment has restored from it yet. */
  private static String unusedSavepoint(PipelineStatus status) {
    SavepointStatus savepoint = status.getSavepoint();
    boolean unused = savepoint != null && !Boolean.TRUE.equals(savepoint.getRestored())
        && Objects.equals(savepoint.getPlanHash(), status.getPlanHash());
    return unused ? savepoint.getPath() : null;
  }

  /**
   * The parallelism the task managers give: the deployed plan's, which a rescale changes when it
   * applies, not when it is decided (a scale-down first waits for a checkpoint). Before the plan
   * ConfigMap is read, the last desired parallelism.
   */
  private static int deployedParallelism(Pipeline pipeline, PipelineStatus status, ClusterState cluster) {
    Integer desired = status.getParallelism() == null ? null : status.getParallelism().getDesired();
    return cluster.deployedParallelism()
        .orElse(desired == null ? pipeline.getSpec().parallelism().initial() : desired);
  }
}
