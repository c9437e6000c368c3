package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.UpgradeMode;
import dev.sluice.observation.FlinkJobState;

import java.time.Duration;
import java.util.Optional;

/**
 * Decides the next step of a Pipeline's life from what the user wants and what runs. It is pure:
 * the reconciler gathers the facts, performs the step, and asks again on the next reconcile, so
 * an operator restarted half-way through an upgrade picks up where the facts say it is.
 */
public final class Lifecycle {

  /**
   * What the user wants.
   *
   * @param restoreFrom the savepoint or checkpoint the first deployment starts from, or null
   */
  public record Wanted(String planHash, boolean suspend, UpgradeMode upgradeMode, int parallelism,
      RollbackPolicy rollback, String restoreFrom) {
  }

  /** Whether a plan that does not run stably within {@code timeout} is replaced by the last stable one. */
  public record RollbackPolicy(boolean enabled, Duration timeout) {
    public static final RollbackPolicy DISABLED = new RollbackPolicy(false, Duration.ZERO);
  }

  /**
   * What is known of earlier plans.
   *
   * @param stablePlanHash the last plan whose job ran stably, or null
   * @param stableSavepoint a savepoint taken to leave the stable plan, restored or not, or null
   * @param rolledBackPlanHash the plan the latest rollback replaced, or null
   * @param sinceDeployed how long ago the deployed plan was deployed, when known
   */
  public record History(String stablePlanHash, String stableSavepoint, String rolledBackPlanHash,
      Optional<Duration> sinceDeployed) {
    public static final History NONE = new History(null, null, null, Optional.empty());
  }

  /**
   * What runs.
   *
   * @param deployedPlanHash the plan the cluster was last deployed with, or null before the first deployment
   * @param clusterUp whether the job manager is scaled up
   * @param jobState the Flink job's state, empty when no job answers
   * @param taskManagerParallelism the parallelism the task managers give now
   * @param savepointForPlan the savepoint taken to leave {@code deployedPlanHash}, if one was taken
   * @param savepointPending whether a savepoint the operator triggered is still in progress
   */
  public record Running(String deployedPlanHash, boolean clusterUp, Optional<FlinkJobState> jobState,
      int taskManagerParallelism, String savepointForPlan, boolean savepointPending, History history) {

    /** Whether the deployed plan has not run stably yet although an earlier one did. */
    boolean unprovenUpgrade() {
      return history.stablePlanHash() != null && !history.stablePlanHash().equals(deployedPlanHash);
    }
  }

  /** The step to take now, with the reason its Progressing condition shows. */
  public enum Action {
    /** Apply the cluster for the wanted plan, restoring from {@code restorePath} when set. */
    DEPLOY(PipelineReason.Deploying),
    /** Stop the job with a savepoint; the next step deploys or suspends from it. */
    STOP_WITH_SAVEPOINT(PipelineReason.TakingSavepoint),
    /** Ask Flink whether the savepoint in progress is written; the step after it waits for it. */
    AWAIT_SAVEPOINT(PipelineReason.TakingSavepoint),
    /** Scale the job manager and task managers to zero, keeping everything else. */
    STOP_CLUSTER(PipelineReason.Suspending),
    /** Change the task manager replicas only; reactive scheduling rescales in place. */
    RESCALE(PipelineReason.Rescaling),
    /** Deploy the last stable plan in place of one that did not run, restoring from {@code restorePath}. */
    ROLLBACK(PipelineReason.RollingBack),
    /** Nothing to change; observe. */
    OBSERVE(PipelineReason.UpToDate);

    private final PipelineReason reason;

    Action(PipelineReason reason) {
      this.reason = reason;
    }

    public PipelineReason reason() {
      return reason;
    }
  }

  /** An action, the savepoint to restore from for a deployment, and why, in words. */
  public record Step(Action action, String restorePath, String reason) {
  }

  private Lifecycle() {
  }

  public static Step next(Wanted wanted, Running running) {
    boolean stateful = wanted.upgradeMode().keepsState();
    boolean jobRunning = running.jobState().filter(FlinkJobState.RUNNING::equals).isPresent();
    if (running.savepointPending()) {
      return new Step(Action.AWAIT_SAVEPOINT, null, "waiting for the savepoint");
    }
    if (wanted.suspend()) {
      if (!running.clusterUp()) {
        return new Step(Action.OBSERVE, null, "suspended");
      }
      if (stateful && jobRunning && running.savepointForPlan() == null) {
        return new Step(Action.STOP_WITH_SAVEPOINT, null, "suspend: keep the state in a savepoint");
      }
      return new Step(Action.STOP_CLUSTER, null, "suspend");
    }
    if (running.deployedPlanHash() == null) {
      return new Step(Action.DEPLOY, wanted.restoreFrom(), "first deployment");
    }
    boolean newPlan = !wanted.planHash().equals(running.deployedPlanHash());
    // Down after a suspend, or scaled down by an upgrade's own first step before the new plan starts.
    if (!running.clusterUp()) {
      return new Step(Action.DEPLOY, stateful ? running.savepointForPlan() : null,
          newPlan ? "start the new plan" : "resume");
    }
    Optional<Step> rollback = rollback(wanted, running);
    if (rollback.isPresent()) {
      return rollback.get();
    }
    boolean rolledBack = newPlan && wanted.planHash().equals(running.history().rolledBackPlanHash());
    if (newPlan && !rolledBack) {
      return upgrade(wanted, running, jobRunning);
    }
    // Suspended or upgraded, then changed back before the cluster moved: the job has stopped with
    // a savepoint that nothing has restored yet, and would otherwise stay stopped.
    if (!newPlan && !jobRunning && running.savepointForPlan() != null) {
      return new Step(Action.DEPLOY, stateful ? running.savepointForPlan() : null,
          "the job stopped with a savepoint that is no longer needed; start it again from there");
    }
    if (wanted.parallelism() != running.taskManagerParallelism()) {
      return new Step(Action.RESCALE, null, "parallelism " + running.taskManagerParallelism() + " -> "
          + wanted.parallelism());
    }
    return new Step(Action.OBSERVE, null, rolledBack
        ? "plan " + shortHash(wanted.planHash()) + " was rolled back; change the Pipeline to try again"
        : "up to date");
  }

  /** An upgrade whose job failed, or did not run stably within the timeout, gives way to the stable plan. */
  private static Optional<Step> rollback(Wanted wanted, Running running) {
    if (!wanted.rollback().enabled() || !running.unprovenUpgrade()) {
      return Optional.empty();
    }
    boolean failed = running.jobState().filter(FlinkJobState.FAILED::equals).isPresent();
    boolean late = running.history().sinceDeployed().filter(since -> since.compareTo(wanted.rollback().timeout()) > 0)
        .isPresent();
    if (!failed && !late) {
      return Optional.empty();
    }
    String why = "plan " + shortHash(running.deployedPlanHash()) + (failed ? " failed"
        : " did not run stably within " + wanted.rollback().timeout().toSeconds() + "s")
        + "; back to plan " + shortHash(running.history().stablePlanHash());
    // A savepoint upgrade left the stable plan through a savepoint; last-state relies on Kubernetes HA's
    // latest checkpoint, which a plan that never ran stably has not moved on.
    String restore = wanted.upgradeMode() == UpgradeMode.SAVEPOINT ? running.history().stableSavepoint() : null;
    return Optional.of(new Step(Action.ROLLBACK, restore, why));
  }

  static String shortHash(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) : hash;
  }

  private static Step upgrade(Wanted wanted, Running running, boolean jobRunning) {
    return switch (wanted.upgradeMode()) {
      case SAVEPOINT -> running.savepointForPlan() != null
          ? new Step(Action.DEPLOY, running.savepointForPlan(), "upgrade from the savepoint")
          : jobRunning
              ? new Step(Action.STOP_WITH_SAVEPOINT, null, "upgrade: take a savepoint first")
              // The deployed plan never ran, so the stable plan's savepoint still holds the state.
              : running.unprovenUpgrade() && running.history().stableSavepoint() != null
              ? new Step(Action.DEPLOY, running.history().stableSavepoint(),
                  "upgrade a plan that never ran, from the last stable plan's savepoint")
              // A savepoint needs a running job. Deploying without one would drop state.
              : new Step(Action.OBSERVE, null, "upgrade waits for the job to run, to take a savepoint");
      // Kubernetes HA keeps the latest checkpoint's pointer; the new job graph restores from it.
      case LAST_STATE -> new Step(Action.DEPLOY, null, "upgrade from the last checkpoint");
      case STATELESS -> new Step(Action.DEPLOY, null, "upgrade without state");
    };
  }
}
