package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.RollbackStatus;
import dev.sluice.api.pipeline.SavepointReason;
import dev.sluice.api.pipeline.SavepointStatus;
import dev.sluice.observation.CheckpointStats;
import dev.sluice.observation.CompletedCheckpoint;
import dev.sluice.observation.FlinkJobState;
import dev.sluice.observation.JobObservation;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.reconciler.EventRecorder;
import dev.sluice.reconciler.pipeline.Lifecycle.Step;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.sluice.reconciler.pipeline.Lifecycle.shortHash;

/** Performs a {@link Lifecycle} step on the cluster and the job, and records it in status and events. */
final class LifecycleSteps {

  private static final Logger LOG = LoggerFactory.getLogger(LifecycleSteps.class);

  private final ClusterApplier cluster;
  private final DriftRepair drift;
  private final StablePlans stablePlans;
  private final Savepoints savepoints;
  private final ScaleDownCheckpoints scaleDownCheckpoints;
  private final EventRecorder events;
  private final PipelineSettings settings;
  private final Clock clock;

  LifecycleSteps(ClusterApplier cluster, StablePlans stablePlans, Savepoints savepoints,
      ScaleDownCheckpoints scaleDownCheckpoints, EventRecorder events, PipelineSettings settings, Clock clock) {
    this.cluster = cluster;
    this.drift = new DriftRepair(cluster, events);
    this.stablePlans = stablePlans;
    this.savepoints = savepoints;
    this.scaleDownCheckpoints = scaleDownCheckpoints;
    this.events = events;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * @param observation the job as seen at this reconcile, for steps that talk to it
   * @param parallelism the parallelism wanted now
   */
  void perform(Step step, Pipeline pipeline, PipelinePlan plan, Optional<JobObservation> observation,
      int parallelism, PipelineStatus status, ClusterState state) {
    Optional<String> jobId = observation.map(seen -> seen.job().id());
    if (step.action() != Lifecycle.Action.RESCALE) {
      // A scale-down given up while its checkpoint was under way leaves nothing for the next one.
      scaleDownCheckpoints.forget(pipeline);
    }
    switch (step.action()) {
      case DEPLOY -> deploy(step, pipeline, plan, parallelism, status, state);
      case STOP_WITH_SAVEPOINT -> stopWithSavepoint(step, pipeline, jobId.orElseThrow(), status);
      case AWAIT_SAVEPOINT -> awaitSavepoint(pipeline, status);
      case STOP_CLUSTER -> stopCluster(pipeline, plan, parallelism, status, state);
      case RESCALE -> rescale(step, pipeline, plan, observation, parallelism, status, state);
      case ROLLBACK -> rollback(step, pipeline, parallelism, status, state);
      case OBSERVE -> { }
    }
  }

  private void deploy(Step step, Pipeline pipeline, PipelinePlan plan, int parallelism, PipelineStatus status,
      ClusterState state) {
    boolean upgrade = status.getPlanHash() != null && !status.getPlanHash().equals(plan.hash());
    Optional<ClusterApplier.Deployed> deployed = state.deployed();
    // An operator that went away between applying and writing status left this deployment done;
    // stopping its job manager again would restart a job that may have moved on from the savepoint.
    boolean done = deployed.filter(d -> d.plan().hash().equals(plan.hash())
        && Objects.equals(d.restorePath(), step.restorePath())).isPresent();
    if (step.restorePath() != null && deployed.isPresent() && !done) {
      // The job that took the savepoint may have run again before its job manager stopped (a job
      // manager restarted after the stop resubmits it) and left a plan and checkpoints in HA, which
      // a new job manager recovers instead of the savepoint: stop it, then start from an empty HA.
      if (state.jobManagerUp()) {
        apply(pipeline, deployed.get().plan(), parallelism, deployed.get().restorePath(), false, state);
        LOG.info("{}: scaled the job manager of plan {} to zero before starting from {}", step.reason(),
            shortHash(deployed.get().plan().hash()), step.restorePath());
        return;
      }
      if (!cluster.jobManagerGone(pipeline)) {
        LOG.info("{}: waiting for the job manager pod of plan {} to end before starting from {}", step.reason(),
            shortHash(deployed.get().plan().hash()), step.restorePath());
        return;
      }
      cluster.forgetHighAvailability(pipeline);
    } else if (upgrade && !done) {
      cluster.forgetRecoverablePlans(pipeline);
    }
    apply(pipeline, plan, parallelism, step.restorePath(), true, state);
    // The Pipeline's own savepoint is spent; spec.checkpointing.restoreFrom names one from elsewhere.
    if (step.restorePath() != null && status.getSavepoint() != null
        && step.restorePath().equals(status.getSavepoint().getPath())) {
      status.getSavepoint().setRestored(true);
    }
    status.setPlanHash(plan.hash());
    status.setPlanDeployedTime(now());
    status.setPhase(upgrade ? Phase.Upgrading : Phase.Deploying);
    String from = step.restorePath() == null ? "" : " from " + step.restorePath();
    events.normal(pipeline, upgrade ? PipelineReason.Upgrading : PipelineReason.Deploying, step.reason() + ": plan " + shortHash(plan.hash())
        + " at parallelism " + parallelism + from);
    LOG.info("{}: plan {} at parallelism {}{}", step.reason(), shortHash(plan.hash()), parallelism, from);
  }

  private void stopWithSavepoint(Step step, Pipeline pipeline, String jobId, PipelineStatus status) {
    boolean suspend = pipeline.getSpec().suspend();
    status.setPendingSavepoint(savepoints.start(pipeline, jobId,
        suspend ? SavepointReason.SUSPEND : SavepointReason.UPGRADE, status.getPlanHash()));
    if (!suspend) {
      status.setPhase(Phase.Upgrading);
    }
    LOG.info("{}: stopping job {} with a savepoint", step.reason(), jobId);
  }

  /** Follows the savepoint in flight, whatever its reason, to its end. */
  private void awaitSavepoint(Pipeline pipeline, PipelineStatus status) {
    SavepointStatus pending = status.getPendingSavepoint();
    Savepoints.Answer poll = savepoints.poll(pipeline, pending);
    if (poll.progress() == Savepoints.Progress.IN_PROGRESS) {
      return;
    }
    status.setPendingSavepoint(null);
    String reason = pending.getReason().label();
    if (poll.progress() == Savepoints.Progress.FAILED) {
      String next = pending.getReason().stopsTheJob() ? "a running job is asked again"
          : "the autoscaler tries again at its next evaluation if the rescale is still needed";
      events.warning(pipeline, PipelineReason.SavepointFailed, reason + ": the savepoint of job " + pending.getJobId()
          + " failed: " + poll.detail() + "; " + next);
      return;
    }
    if (!pending.getReason().stopsTheJob()) {
      // The job ran on: restores count from this savepoint (Flink reports it), but nothing deploys from it.
      events.normal(pipeline, PipelineReason.SavepointTaken, "state secured for a rescale in savepoint "
          + pending.getPath() + "; the autoscaler reconsiders the rescale at its next evaluation");
      LOG.info("Savepoint for a rescale written to {}", pending.getPath());
      return;
    }
    pending.setRestored(false);
    status.setSavepoint(pending);
    status.setPhase(pending.getReason() == SavepointReason.SUSPEND ? Phase.Suspended : Phase.Upgrading);
    events.normal(pipeline, PipelineReason.SavepointTaken, reason + ": job " + pending.getJobId()
        + " stopped with savepoint " + pending.getPath());
    LOG.info("{}: job {} stopped with savepoint {}", reason, pending.getJobId(), pending.getPath());
  }

  /**
   * A job that ended on a savepoint that status does not name was stopped by a request whose answer
   * never reached status: the operator that sent it went away first, or the answer was lost. That
   * savepoint holds the job's state, so status takes it up and the upgrade or suspend goes on from
   * it, instead of waiting for a job that will not run again.
   */
  void recordSavepointOfStoppedJob(Pipeline pipeline, JobObservation seen, PipelineStatus status) {
    if (seen.job().state() != FlinkJobState.FINISHED || status.getPendingSavepoint() != null) {
      return;
    }
    CheckpointStats checkpoints = seen.checkpoints();
    // Only the savepoint the job ended on: no checkpoint completed after it.
    Optional<String> endedOn = checkpoints.latestSavepoint()
        .filter(savepoint -> checkpoints.latestCompleted().map(c -> c.id() < savepoint.id()).orElse(true))
        .flatMap(CompletedCheckpoint::externalPath);
    String named = status.getSavepoint() == null ? null : status.getSavepoint().getPath();
    if (endedOn.isEmpty() || endedOn.get().equals(named)) {
      return;
    }
    SavepointStatus found = new SavepointStatus();
    found.setJobId(seen.job().id());
    found.setPath(endedOn.get());
    found.setTime(now());
    found.setReason(pipeline.getSpec().suspend() ? SavepointReason.SUSPEND : SavepointReason.UPGRADE);
    found.setPlanHash(status.getPlanHash());
    found.setRestored(false);
    status.setSavepoint(found);
    events.normal(pipeline, PipelineReason.SavepointTaken, found.getReason().label() + ": job " + seen.job().id()
        + " had stopped with savepoint " + found.getPath() + ", which status did not name yet; going on from it");
    LOG.info("Job {} had stopped with savepoint {}, which status did not name yet", seen.job().id(), found.getPath());
  }

  private void stopCluster(Pipeline pipeline, PipelinePlan wanted, int parallelism, PipelineStatus status,
      ClusterState state) {
    // Scale down what runs; the wanted plan is applied on resume.
    Optional<ClusterApplier.Deployed> deployed = state.deployed();
    apply(pipeline, deployed.map(ClusterApplier.Deployed::plan).orElse(wanted), parallelism,
        deployed.map(ClusterApplier.Deployed::restorePath).orElse(null), false, state);
    status.setPhase(Phase.Suspended);
    String kept = status.getSavepoint() != null && !Boolean.TRUE.equals(status.getSavepoint().getRestored())
        ? "; state kept in " + status.getSavepoint().getPath() : "";
    events.normal(pipeline, PipelineReason.Suspended, "job manager and task managers scaled to zero" + kept);
  }

  private void rescale(Step step, Pipeline pipeline, PipelinePlan plan, Optional<JobObservation> observation,
      int parallelism, PipelineStatus status, ClusterState state) {
    status.setPhase(Phase.Scaling);
    Optional<String> running = observation.filter(seen -> seen.job().state() == FlinkJobState.RUNNING)
        .map(seen -> seen.job().id());
    int from = state.deployedParallelism().orElse(parallelism);
    if (parallelism >= from || running.isEmpty()) {
      scaleDownCheckpoints.forget(pipeline);
    } else if (!scaleDownCheckpoints.mayRemoveTaskManagers(pipeline, running.get(), from, parallelism)) {
      return;
    }
    String restorePath = state.deployed().map(ClusterApplier.Deployed::restorePath).orElse(null);
    apply(pipeline, plan, parallelism, restorePath, true, state);
    events.normal(pipeline, PipelineReason.Rescaling, step.reason());
  }

  void forget(Pipeline pipeline) {
    scaleDownCheckpoints.forget(pipeline);
  }

  private void rollback(Step step, Pipeline pipeline, int parallelism, PipelineStatus status, ClusterState state) {
    Optional<PipelinePlan> stable = stablePlans.stable(pipeline, state)
        .filter(kept -> kept.hash().equals(status.getLastStablePlanHash()));
    if (stable.isEmpty()) {
      events.warning(pipeline, PipelineReason.RollbackImpossible, step.reason() + ", but no copy of that plan is kept "
          + "(ConfigMap " + ClusterNames.of(pipeline).stablePlan() + "); fix the Pipeline and apply it again");
      return;
    }
    cluster.forgetRecoverablePlans(pipeline);
    apply(pipeline, stable.get(), parallelism, step.restorePath(), true, state);
    // The status still shows the job of the plan that failed.
    String reason = status.getJob() == null || status.getJob().getLastFailure() == null ? step.reason()
        : step.reason() + " (" + status.getJob().getLastFailure() + ")";
    RollbackStatus rollback = new RollbackStatus();
    rollback.setTime(now());
    rollback.setFromPlanHash(status.getPlanHash());
    rollback.setToPlanHash(stable.get().hash());
    rollback.setReason(reason);
    status.setRollback(rollback);
    status.setPlanHash(stable.get().hash());
    status.setPlanDeployedTime(now());
    status.setPhase(Phase.Deploying);
    String from = step.restorePath() == null ? "" : " from " + step.restorePath();
    events.warning(pipeline, PipelineReason.RolledBack, reason + from + "; change the Pipeline to try again");
    LOG.warn("Rolled back: {}{}", reason, from);
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /**
   * Between steps, restores what was deployed where the cluster drifted from it: the deployed plan
   * and restore path (from the plan ConfigMap, or the wanted plan when that is the deployed one),
   * at the wanted parallelism, scaled down while suspended.
   */
  void repairDrift(Pipeline pipeline, PipelinePlan wanted, int parallelism, PipelineStatus status,
      ClusterState state) {
    if (status.getPlanHash() == null) {
      return;
    }
    Optional<ClusterApplier.Deployed> deployed = state.deployed();
    Optional<PipelinePlan> plan = deployed.map(ClusterApplier.Deployed::plan)
        .or(() -> Optional.of(wanted).filter(p -> p.hash().equals(status.getPlanHash())));
    if (plan.isEmpty()) {
      LOG.warn("{}/{}: the plan ConfigMap {} is gone and the Pipeline asks for another plan; the next deployment "
          + "writes it", pipeline.getMetadata().getNamespace(), pipeline.getMetadata().getName(),
          ClusterNames.of(pipeline).configMap());
      return;
    }
    String restorePath = deployed.map(ClusterApplier.Deployed::restorePath)
        .or(() -> state.deployment(ClusterNames.of(pipeline).jobManager())
            .map(d -> d.getSpec().getTemplate().getMetadata().getAnnotations().get(FlinkPods.RESTORE_ANNOTATION)))
        .orElse(null);
    drift.repair(pipeline, desired(pipeline, plan.get(), parallelism, restorePath, !pipeline.getSpec().suspend()),
        state);
  }

  private void apply(Pipeline pipeline, PipelinePlan plan, int parallelism, String restorePath, boolean running,
      ClusterState state) {
    cluster.apply(pipeline, desired(pipeline, plan, parallelism, restorePath, running), state);
  }

  private List<HasMetadata> desired(Pipeline pipeline, PipelinePlan plan, int parallelism, String restorePath,
      boolean running) {
    int taskManagers = pipeline.getSpec().resources().taskManager().replicasFor(parallelism);
    ClusterInputs inputs = new ClusterInputs(pipeline, plan.withParallelism(parallelism), settings.imageFor(pipeline),
        taskManagers, restorePath, running);
    return FlinkCluster.desired(inputs, settings.storageFor(pipeline).orElseThrow());
  }
}
