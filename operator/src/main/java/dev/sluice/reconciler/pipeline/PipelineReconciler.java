package dev.sluice.reconciler.pipeline;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.pipeline.ParallelismStatus;
import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.flink.FlinkEndpointResolver;
import dev.sluice.flink.FlinkJobClient;
import dev.sluice.flink.FlinkRestException;
import dev.sluice.observation.JobObservation;
import dev.sluice.flink.JobObserver;
import dev.sluice.flink.OutputFreshness;
import dev.sluice.flink.QualityCounts;
import dev.sluice.observation.ObservationStatus;
import dev.sluice.kafka.ConsumerGroupLag;
import dev.sluice.lineage.PipelineLineage;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.kafka.SecretLookup;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import dev.sluice.operator.SluiceOperator;
import dev.sluice.reconciler.pipeline.scaling.ScalingOutcome;
import dev.sluice.reconciler.EventRecorder;
import dev.sluice.reconciler.ReconcileOutcomes;
import dev.sluice.reconciler.ReconcileOutcomes.Outcome;
import dev.sluice.reconciler.pipeline.scaling.Autoscaling;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanValidator;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a Pipeline into a running Flink job: resolves its Datasets, plans and validates it,
 * observes the job, and takes the next {@link Lifecycle} step: deploy, upgrade through a
 * savepoint, suspend, resume or rescale. A user error (a missing Dataset, SQL that does not plan)
 * becomes SpecValid=False with a message naming the field, and an event; it is not retried
 * until the Pipeline or a Dataset it names changes. Deleting a stateful Pipeline stops its job
 * with a savepoint first.
 */
// Errors that are not the user's (an unreachable API server or job manager) retry for as long as
// they last, backing off from 2 seconds to at most 5 minutes.
@GradualRetry(maxAttempts = -1, initialInterval = 2_000, intervalMultiplier = 2, maxInterval = 300_000)
@ControllerConfiguration(name = PipelineReconciler.NAME, fieldManager = SluiceOperator.FIELD_MANAGER)
public class PipelineReconciler implements Reconciler<Pipeline>, Cleaner<Pipeline> {

  public static final String NAME = "pipeline";
  static final String SPEC_VALID = "SpecValid";
  static final String PROGRESSING = "Progressing";
  static final String READY = "Ready";
  public static final String DEGRADED = "Degraded";
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(PipelineReconciler.class);

  private final PipelineAdmission admission;
  private final JobObserver observer;
  private final KafkaLagCheck kafkaLag;
  private final OutputFreshness freshness;
  private final QualityCounts quality;
  private final LifecycleSteps steps;
  private final PipelineDeletion deletion;
  private final StablePlans stablePlans;
  private final Autoscaling autoscaling;
  private final RescaleCheckpoints rescaleCheckpoints;
  private final EventRecorder events;
  private final PipelineMetrics metrics;
  private final ReconcileOutcomes outcomes;
  private final PipelineLineage lineage;
  private final PipelineSettings settings;
  private final Clock clock;

  public PipelineReconciler(PlanValidator validator, ClusterApplier applier, StablePlans stablePlans,
      FlinkEndpointResolver endpoints, FlinkJobClient flink, ConsumerGroupLag groupLag,
      EventRecorder events, PipelineMetrics metrics, ReconcileOutcomes outcomes, PipelineLineage lineage,
      PipelineSettings settings, Clock clock) {
    this.admission = new PipelineAdmission(validator, settings, events, outcomes, clock);
    this.observer = new JobObserver(endpoints, flink, clock);
    this.kafkaLag = new KafkaLagCheck(groupLag);
    this.freshness = new OutputFreshness(endpoints, flink, clock);
    this.quality = new QualityCounts(endpoints, flink);
    this.stablePlans = stablePlans;
    Savepoints savepoints = new Savepoints(endpoints, flink, clock);
    this.steps = new LifecycleSteps(applier, stablePlans, savepoints,
        new ScaleDownCheckpoints(endpoints, flink, events, clock), events, settings, clock);
    this.deletion = new PipelineDeletion(savepoints, events);
    this.autoscaling = new Autoscaling(savepoints, events, metrics, clock, applier::pendingTaskManagers);
    this.rescaleCheckpoints = new RescaleCheckpoints(endpoints, flink, events, clock);
    this.events = events;
    this.metrics = metrics;
    this.outcomes = outcomes;
    this.lineage = lineage;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Pipeline>> prepareEventSources(EventSourceContext<Pipeline> context) {
    InformerEventSource<Dataset, Pipeline> datasets = DatasetEvents.source(context);
    List<EventSource<?, Pipeline>> sources = new ArrayList<>(List.of(datasets,
        SecretReferences.source(context, datasets), autoscaling.objectiveEvents(context)));
    sources.addAll(OwnedResources.sources(context));
    return sources;
  }

  @Override
  public UpdateControl<Pipeline> reconcile(Pipeline pipeline, Context<Pipeline> context) {
    StatusWriter statusWriter = StatusWriter.before(pipeline, context);
    Map<String, Dataset> datasets = datasets(context);
    SecretLookup secrets = SecretLookup.of(context.getSecondaryResources(Secret.class));
    PipelineAdmission.Verdict verdict = admission.admit(pipeline, datasets, secrets);
    if (verdict instanceof PipelineAdmission.Refused) {
      // No reschedule: a change of the Pipeline, a Dataset or a Secret it names triggers the next attempt.
      return statusWriter.write(pipeline, context);
    }
    PipelinePlan plan = ((PipelineAdmission.Admitted) verdict).plan();
    PipelineStatus status = PipelineAdmission.carryOver(pipeline);
    Optional<JobObservation> observation = status.getPlanHash() == null ? Optional.empty() : observe(pipeline);
    observation.ifPresent(seen -> ObservationStatus.apply(seen, status));
    observation.ifPresent(seen -> steps.recordSavepointOfStoppedJob(pipeline, seen, status));
    kafkaLag.apply(pipeline, datasets, observation, status, secrets);
    freshness.apply(pipeline, datasets, observation, status);
    quality.apply(pipeline, observation, status);
    ScalingOutcome scaling = autoscaling.desiredParallelism(pipeline, status, observation, datasets);
    int parallelism = scaling.parallelism();

    ClusterState cluster = ClusterState.of(pipeline, context);
    Lifecycle.Step step = Lifecycle.next(LifecycleFacts.wanted(pipeline, plan.hash(), parallelism),
        LifecycleFacts.running(pipeline, status, cluster, observation, clock.instant()));
    steps.perform(step, pipeline, plan, observation, parallelism, status, cluster);
    Optional<Instant> rescaleCheckpointDue = rescaleCheckpoints.check(pipeline, observation, parallelism);
    if (step.action() == Lifecycle.Action.OBSERVE) {
      steps.repairDrift(pipeline, plan, parallelism, status, cluster);
      // No job answers a suspended Pipeline: its phase comes from the spec at every look, so that a
      // lost write of the reconcile that scaled the cluster down does not leave another phase.
      if (pipeline.getSpec().suspend()) {
        status.setPhase(Phase.Suspended);
      }
      observation.ifPresent(seen -> status.setPhase(PhaseOfJob.of(seen.job().state(), status.getPhase())));
      observation.filter(seen -> status.getPhase() == Phase.Running && seen.checkpoints().completed() > 0)
          .ifPresent(seen -> stablePlans.markStable(pipeline, plan, status, cluster));
    }

    ParallelismStatus parallelismStatus = status.getParallelism() == null ? new ParallelismStatus()
        : status.getParallelism();
    parallelismStatus.setDesired(parallelism);
    status.setParallelism(parallelismStatus);
    status.setConditions(PipelineConditions.of(status, new PipelineConditions.Stepped(step, plan.hash(),
        jobManagerDown(pipeline, cluster, observation), scaling.trouble()), pipeline.getMetadata().getGeneration(),
        clock.instant()));
    pipeline.setStatus(status);
    metrics.record(pipeline, status);
    lineage.observed(pipeline, status, datasets, context.getSecondaryResources(ServiceLevelObjective.class));
    outcomes.record(pipeline, Outcome.OK);
    // While a step is under way, look again soon rather than at the steady observation pace; a
    // rescale's checkpoint is asked for when it is due.
    Duration next = step.action() == Lifecycle.Action.OBSERVE ? settings.observeInterval() : PROGRESS_INTERVAL;
    Duration untilCheckpoint = rescaleCheckpointDue
        .map(due -> Collections.max(List.of(PROGRESS_INTERVAL, Duration.between(clock.instant(), due))))
        .orElse(next);
    return statusWriter.write(pipeline, context).rescheduleAfter(Collections.min(List.of(next, untilCheckpoint)));
  }

  /** A failure that is not the user's shows as Degraded, with an event, while the retries go on. */
  @Override
  public ErrorStatusUpdateControl<Pipeline> updateErrorStatus(Pipeline pipeline, Context<Pipeline> context,
      Exception error) {
    outcomes.record(pipeline, Outcome.ERROR);
    String message = "reconcile failed, retrying with back-off: " + brief(error);
    events.warning(pipeline, PipelineReason.ReconcileFailed, message);
    PipelineStatus status = pipeline.getStatus() == null ? new PipelineStatus() : pipeline.getStatus();
    status.setConditions(PipelineConditions.of(status, new PipelineConditions.ReconcileFailed(message),
        pipeline.getMetadata().getGeneration(), clock.instant()));
    pipeline.setStatus(status);
    return ErrorStatusUpdateControl.patchStatus(pipeline);
  }

  @Override
  public DeleteControl cleanup(Pipeline pipeline, Context<Pipeline> context) {
    DeleteControl control = deletion.cleanup(pipeline, context, this::observe);
    if (!control.isRemoveFinalizer()) {
      return control;
    }
    lineage.deleted(pipeline, datasets(context), context.getSecondaryResources(ServiceLevelObjective.class));
    metrics.forget(pipeline);
    autoscaling.forget(pipeline);
    rescaleCheckpoints.forget(pipeline);
    steps.forget(pipeline);
    kafkaLag.forget(pipeline);
    outcomes.forget(pipeline);
    // Owner references remove the cluster's resources.
    return control;
  }

  private static Map<String, Dataset> datasets(Context<Pipeline> context) {
    return context.getSecondaryResourcesAsStream(Dataset.class)
        .collect(Collectors.toMap(d -> d.getMetadata().getName(), Function.identity()));
  }

  private Optional<JobObservation> observe(Pipeline pipeline) {
    try {
      return observer.observe(pipeline);
    } catch (FlinkRestException e) {
      LOG.debug("No answer from the job manager yet: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /** A job manager that has had no ready pod for longer than a start takes, while no job answered. */
  private Optional<PipelineConditions.JobManagerDown> jobManagerDown(Pipeline pipeline, ClusterState cluster,
      Optional<JobObservation> observation) {
    if (observation.isPresent()) {
      return Optional.empty();
    }
    return cluster.jobManagerUnavailableSince()
        .map(since -> Duration.between(since, clock.instant()))
        .filter(down -> down.compareTo(PipelineConditions.JOB_MANAGER_START) > 0)
        .map(down -> new PipelineConditions.JobManagerDown(pipeline.getMetadata().getName(),
            ClusterNames.of(pipeline).jobManager(), down));
  }

  /** The failure in one line: the first cause that is not the SDK's wrapper, cut short. */
  private static String brief(Exception error) {
    Throwable cause = error;
    while (cause instanceof OperatorException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    return text.length() > 400 ? text.substring(0, 400) + "..." : text;
  }
}
