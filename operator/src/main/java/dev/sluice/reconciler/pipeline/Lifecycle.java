package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.UpgradeMode;

import java.util.Optional;

/**
 * Decides the next step of a Pipeline's life from what the user wants and what runs. It is pure:
 * the reconciler gathers the facts, performs the step, and asks again on the next reconcile, so
 * an operator restarted half-way through an upgrade picks up where the facts say it is.
 */
public final class Lifecycle {

  /** What the user wants. */
  public record Wanted(String planHash, boolean suspend, UpgradeMode upgradeMode, int parallelism) {
  }

  /**
   * What runs.
   *
   * @param deployedPlanHash the plan the cluster was last deployed with, or null before the first deployment
   * @param clusterUp whether the job manager is scaled up
   * @param jobState the Flink job's state, empty when no job answers
   * @param taskManagerParallelism the parallelism the task managers give now
   * @param savepointForPlan the savepoint taken to leave {@code deployedPlanHash}, if one was taken
   */
  public record Running(String deployedPlanHash, boolean clusterUp, Optional<String> jobState,
      int taskManagerParallelism, String savepointForPlan) {
  }

  /** The step to take now, with the reason its Progressing condition shows. */
  public enum Action {
    /** Apply the cluster for the wanted plan, restoring from {@code restorePath} when set. */
    DEPLOY("Deploying"),
    /** Stop the job with a savepoint; the next step deploys or suspends from it. */
    STOP_WITH_SAVEPOINT("TakingSavepoint"),
    /** Scale the job manager and task managers to zero, keeping everything else. */
    STOP_CLUSTER("Suspending"),
    /** Change the task manager replicas only; reactive scheduling rescales in place. */
    RESCALE("Rescaling"),
    /** Nothing to change; observe. */
    OBSERVE("UpToDate");

    private final String reason;

    Action(String reason) {
      this.reason = reason;
    }

    public String reason() {
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
    boolean jobRunning = running.jobState().filter("RUNNING"::equals).isPresent();
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
      return new Step(Action.DEPLOY, null, "first deployment");
    }
    boolean newPlan = !wanted.planHash().equals(running.deployedPlanHash());
    if (!running.clusterUp()) {
      return new Step(Action.DEPLOY, stateful ? running.savepointForPlan() : null,
          newPlan ? "resume with a new plan" : "resume");
    }
    if (newPlan) {
      return upgrade(wanted, running, jobRunning);
    }
    if (wanted.parallelism() != running.taskManagerParallelism()) {
      return new Step(Action.RESCALE, null, "parallelism " + running.taskManagerParallelism() + " -> "
          + wanted.parallelism());
    }
    return new Step(Action.OBSERVE, null, "up to date");
  }

  private static Step upgrade(Wanted wanted, Running running, boolean jobRunning) {
    return switch (wanted.upgradeMode()) {
      case SAVEPOINT -> running.savepointForPlan() != null
          ? new Step(Action.DEPLOY, running.savepointForPlan(), "upgrade from the savepoint")
          : jobRunning
              ? new Step(Action.STOP_WITH_SAVEPOINT, null, "upgrade: take a savepoint first")
              // A savepoint needs a running job. Deploying without one would drop state.
              : new Step(Action.OBSERVE, null, "upgrade waits for the job to run, to take a savepoint");
      // Kubernetes HA keeps the latest checkpoint's pointer; the new job graph restores from it.
      case LAST_STATE -> new Step(Action.DEPLOY, null, "upgrade from the last checkpoint");
      case STATELESS -> new Step(Action.DEPLOY, null, "upgrade without state");
    };
  }
}
