package dev.sluice.reconciler.pipeline;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.pipeline.ParallelismStatus;
import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.operator.SluiceOperator;
import dev.sluice.reconciler.Conditions;
import dev.sluice.reconciler.EventRecorder;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanBuilder;
import dev.sluice.plan.PlanError;
import dev.sluice.plan.PlanResult;
import dev.sluice.plan.PlanValidator;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a Pipeline into a Flink cluster: resolves its Datasets, plans and validates it, and
 * applies the cluster's resources. A user error (a missing Dataset, SQL that does not plan)
 * becomes SpecValid=False with a message naming the field, and an event; it is not retried
 * until the Pipeline or a Dataset it names changes.
 */
@ControllerConfiguration(name = PipelineReconciler.NAME, fieldManager = SluiceOperator.FIELD_MANAGER)
public class PipelineReconciler implements Reconciler<Pipeline> {

  public static final String NAME = "pipeline";
  static final String SPEC_VALID = "SpecValid";
  static final String PROGRESSING = "Progressing";
  static final String READY = "Ready";
  private static final Logger LOG = LoggerFactory.getLogger(PipelineReconciler.class);

  private final PlanValidator validator;
  private final ClusterApplier applier;
  private final EventRecorder events;
  private final PipelineSettings settings;
  private final Clock clock;

  public PipelineReconciler(PlanValidator validator, ClusterApplier applier, EventRecorder events,
      PipelineSettings settings, Clock clock) {
    this.validator = validator;
    this.applier = applier;
    this.events = events;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Pipeline>> prepareEventSources(EventSourceContext<Pipeline> context) {
    // A Dataset appearing, or changing its accepted schema, changes the plans that name it.
    var datasets = InformerEventSourceConfiguration.from(Dataset.class, Pipeline.class)
        .withSecondaryToPrimaryMapper((Dataset dataset) -> context.getPrimaryCache()
            .list(dataset.getMetadata().getNamespace())
            .filter(p -> p.getSpec().namedDatasets().contains(dataset.getMetadata().getName()))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper((Pipeline pipeline) -> pipeline.getSpec().namedDatasets().stream()
            .map(name -> new ResourceID(name, pipeline.getMetadata().getNamespace()))
            .collect(Collectors.toSet()))
        .build();
    return List.of(new InformerEventSource<>(datasets, context));
  }

  @Override
  public UpdateControl<Pipeline> reconcile(Pipeline pipeline, Context<Pipeline> context) {
    Map<String, Dataset> datasets = context.getSecondaryResourcesAsStream(Dataset.class)
        .collect(Collectors.toMap(d -> d.getMetadata().getName(), Function.identity()));
    String storage = settings.storageFor(pipeline);
    if (storage == null) {
      return invalid(pipeline, "NoCheckpointStorage", List.of(new PlanError("Pipeline/" + pipeline.getMetadata().getName(),
          "spec.checkpointing.storage", "set a URI such as s3://bucket/sluice; the operator has no default storage "
          + "(Helm value defaultStorage)")));
    }
    PlanResult result = PlanBuilder.build(pipeline.getMetadata().getNamespace(), pipeline.getMetadata().getName(),
        pipeline.getSpec(), DatasetReferences.resolve(pipeline.getSpec(), datasets::get), settings.planDefaults());
    if (!result.valid()) {
      return invalid(pipeline, reasonFor(result.errors()), result.errors());
    }
    List<PlanError> planErrors = validator.validate(result.plan());
    if (!planErrors.isEmpty()) {
      return invalid(pipeline, "InvalidSql", planErrors);
    }
    PipelinePlan plan = result.plan();
    int parallelism = desiredParallelism(pipeline);
    int taskManagers = pipeline.getSpec().resources().taskManager().replicasFor(parallelism);
    ClusterInputs inputs = new ClusterInputs(pipeline, plan, settings.imageFor(pipeline), taskManagers, null);
    applier.apply(pipeline, FlinkCluster.desired(inputs, storage));

    PipelineStatus status = carryOver(pipeline);
    boolean newPlan = !plan.hash().equals(status.getPlanHash());
    if (newPlan) {
      events.normal(pipeline, "Deploying", "deploying plan " + shortHash(plan.hash()) + " with parallelism "
          + parallelism + " on " + taskManagers + " task manager(s)");
      LOG.info("Deploying plan {} with parallelism {}", shortHash(plan.hash()), parallelism);
      status.setPhase(Phase.Deploying);
    }
    status.setPlanHash(plan.hash());
    ParallelismStatus parallelismStatus = status.getParallelism() == null ? new ParallelismStatus()
        : status.getParallelism();
    parallelismStatus.setDesired(parallelism);
    status.setParallelism(parallelismStatus);
    var conditions = Conditions.with(status.getConditions(), SPEC_VALID, true, "Planned",
        "the plan validated with Flink's planner", pipeline.getMetadata().getGeneration(), clock.instant());
    if (status.getPhase() == Phase.Deploying) {
      conditions = Conditions.with(conditions, PROGRESSING, true, "Deploying",
          "the Flink cluster is being created", pipeline.getMetadata().getGeneration(), clock.instant());
    }
    status.setConditions(conditions);
    pipeline.setStatus(status);
    return UpdateControl.patchStatus(pipeline).rescheduleAfter(settings.observeInterval());
  }

  private static String reasonFor(List<PlanError> errors) {
    return errors.stream().anyMatch(e -> e.message().contains("does not exist")) ? "DatasetNotFound" : "PlanInvalid";
  }

  private UpdateControl<Pipeline> invalid(Pipeline pipeline, String reason, List<PlanError> problems) {
    String message = problems.stream().map(PlanError::toString).collect(Collectors.joining("; "));
    events.warning(pipeline, reason, message);
    LOG.info("Invalid: {}", message);
    PipelineStatus status = carryOver(pipeline);
    status.setPhase(Phase.Invalid);
    status.setConditions(Conditions.with(status.getConditions(), SPEC_VALID, false, reason, message,
        pipeline.getMetadata().getGeneration(), clock.instant()));
    pipeline.setStatus(status);
    // No reschedule: a change of the Pipeline or of a Dataset it names triggers the next attempt.
    return UpdateControl.patchStatus(pipeline);
  }

  /** The last status, with this generation marked as observed. */
  private static PipelineStatus carryOver(Pipeline pipeline) {
    PipelineStatus status = pipeline.getStatus() == null ? new PipelineStatus() : pipeline.getStatus();
    if (status.getPhase() == null || status.getPhase() == Phase.Invalid) {
      status.setPhase(Phase.Pending);
    }
    status.setObservedGeneration(pipeline.getMetadata().getGeneration());
    return status;
  }

  /** The autoscaler's last choice, or the initial parallelism, within the configured bounds. */
  private static int desiredParallelism(Pipeline pipeline) {
    var bounds = pipeline.getSpec().parallelism();
    Integer chosen = pipeline.getStatus() == null || pipeline.getStatus().getParallelism() == null
        ? null : pipeline.getStatus().getParallelism().getDesired();
    int desired = chosen == null ? bounds.initial() : chosen;
    return Math.max(bounds.min(), Math.min(bounds.max(), desired));
  }

  private static String shortHash(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) : hash;
  }
}
