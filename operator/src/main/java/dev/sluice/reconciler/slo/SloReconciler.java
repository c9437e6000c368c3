package dev.sluice.reconciler.slo;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.dataset.DatasetStatus;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.api.slo.SloState;
import dev.sluice.api.slo.SloStatus;
import dev.sluice.api.slo.TargetRef;
import dev.sluice.operator.SluiceOperator;
import dev.sluice.reconciler.Conditions;
import dev.sluice.reconciler.EventRecorder;
import dev.sluice.reconciler.pipeline.ClusterApplier;
import dev.sluice.slo.SliHistory;
import dev.sluice.slo.SliReading;
import dev.sluice.slo.SliSample;
import dev.sluice.slo.SliSources;
import dev.sluice.slo.SloEvaluation;
import dev.sluice.slo.SloPolicy;
import dev.sluice.slo.SloTracker;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.sluice.reconciler.LeanStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Evaluates each ServiceLevelObjective from its target's status: a sample at every change of the
 * target's status (which the Pipeline reconciler refreshes at each observation) and at least once
 * per observation interval, so freshness ages while a stopped job reports nothing new. The
 * figures go to status, metrics and, where the kind exists, a PrometheusRule; the bucketed history
 * to a ConfigMap the SLO owns.
 */
@GradualRetry(maxAttempts = -1, initialInterval = 2_000, intervalMultiplier = 2, maxInterval = 300_000)
@ControllerConfiguration(name = SloReconciler.NAME, fieldManager = SluiceOperator.FIELD_MANAGER)
public class SloReconciler implements Reconciler<ServiceLevelObjective>, Cleaner<ServiceLevelObjective> {

  public static final String NAME = "slo";
  private static final Logger LOG = LoggerFactory.getLogger(SloReconciler.class);

  private final SloHistoryStore history;
  private final PrometheusRules rules;
  private final EventRecorder events;
  private final SloMetrics metrics;
  private final Duration interval;
  private final Duration maxGap;
  private final Clock clock;
  private final Map<ResourceID, SloTracker> trackers = new ConcurrentHashMap<>();

  /** @param interval the pipeline observation interval, which this evaluation follows */
  public SloReconciler(KubernetesClient client, ClusterApplier applier, EventRecorder events, SloMetrics metrics,
      Duration interval, Clock clock) {
    this.history = new SloHistoryStore(applier);
    this.rules = new PrometheusRules(client, applier, interval, clock);
    this.events = events;
    this.metrics = metrics;
    this.interval = interval;
    this.maxGap = SloTracker.maxGap(interval);
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, ServiceLevelObjective>> prepareEventSources(
      EventSourceContext<ServiceLevelObjective> context) {
    var pipelines = InformerEventSourceConfiguration.from(Pipeline.class, ServiceLevelObjective.class)
        .withSecondaryToPrimaryMapper((Pipeline pipeline) -> targeting(context, "Pipeline", pipeline))
        .withItemStore(new LeanStore<>())
        .build();
    var datasets = InformerEventSourceConfiguration.from(Dataset.class, ServiceLevelObjective.class)
        .withSecondaryToPrimaryMapper((Dataset dataset) -> targeting(context, "Dataset", dataset))
        .withItemStore(new LeanStore<>())
        .build();
    var histories = InformerEventSourceConfiguration.from(ConfigMap.class, ServiceLevelObjective.class)
        .withLabelSelector(SloHistoryStore.LABEL)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(ServiceLevelObjective.class))
        .withItemStore(new LeanStore<>())
        .build();
    return List.of(new InformerEventSource<>(pipelines, context), new InformerEventSource<>(datasets, context),
        new InformerEventSource<>(histories, context));
  }

  private static Set<ResourceID> targeting(EventSourceContext<ServiceLevelObjective> context, String kind,
      HasMetadata target) {
    String namespace = target.getMetadata().getNamespace();
    return context.getPrimaryCache()
        .list(slo -> namespace.equals(slo.getMetadata().getNamespace())
            && kind.equals(slo.getSpec().target().kind())
            && target.getMetadata().getName().equals(slo.getSpec().target().name()))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  @Override
  public UpdateControl<ServiceLevelObjective> reconcile(ServiceLevelObjective slo,
      Context<ServiceLevelObjective> context) {
    Instant now = clock.instant();
    SloPolicy policy = SloPolicy.of(slo.getSpec());
    SloTracker tracker = tracker(slo, policy, context);
    TargetRef target = slo.getSpec().target();
    String namespace = slo.getMetadata().getNamespace();
    Optional<PipelineStatus> pipeline = "Pipeline".equals(target.kind())
        ? cached(context, Pipeline.class, target.name(), namespace).map(p -> orEmpty(p.getStatus()))
        : Optional.empty();
    Optional<DatasetStatus> dataset = "Dataset".equals(target.kind())
        ? cached(context, Dataset.class, target.name(), namespace).map(d -> d.getStatus() == null
            ? new DatasetStatus() : d.getStatus())
        : Optional.empty();
    boolean notFound = pipeline.isEmpty() && dataset.isEmpty();
    SliReading reading = notFound
        ? new SliReading(SliSample.missing(), tracker.counters(),
            "spec.target: " + target.kind() + " " + target.name() + " does not exist in namespace " + namespace
                + "; create it or correct spec.target.name")
        : SliSources.read(slo.getSpec().indicator(), pipeline.orElse(null), dataset.orElse(null),
            tracker.counters(), now);
    SliHistory.Counts added = tracker.record(now, reading);
    SloEvaluation evaluation = tracker.evaluate(now);
    metrics.record(slo, added, evaluation);
    history.save(slo, tracker.snapshot(), now);

    SloStatus previous = slo.getStatus() == null ? new SloStatus() : slo.getStatus();
    PrometheusRules.Installation alerts = rules.apply(slo, policy,
        Conditions.isTrue(previous.getConditions(), SloStatuses.ALERTS_INSTALLED));
    SloStatus status = SloStatuses.of(evaluation, reading.unknown(), notFound, alerts, previous.getConditions(),
        slo.getMetadata().getGeneration(), now);
    announce(slo, previous.getState(), evaluation);
    slo.setStatus(status);
    return UpdateControl.patchStatus(slo).rescheduleAfter(interval);
  }

  /** The SLO's tracker: kept in memory, restored from its ConfigMap after a restart, renewed when units change. */
  private SloTracker tracker(ServiceLevelObjective slo, SloPolicy policy, Context<ServiceLevelObjective> context) {
    ResourceID key = ResourceID.fromResource(slo);
    SloTracker tracker = trackers.get(key);
    if (tracker == null || tracker.policy().budgeting() != policy.budgeting()) {
      tracker = tracker == null
          ? SloTracker.restore(policy, maxGap, SloHistoryStore.read(slo,
              cached(context, ConfigMap.class, SloHistoryStore.name(slo), slo.getMetadata().getNamespace()))
              .orElse(null))
          : new SloTracker(policy, maxGap);
      trackers.put(key, tracker);
    } else if (!tracker.policy().equals(policy)) {
      tracker.policy(policy);
    }
    return tracker;
  }

  private void announce(ServiceLevelObjective slo, SloState before, SloEvaluation now) {
    if (now.state() == before) {
      return;
    }
    String name = slo.getMetadata().getNamespace() + "/" + slo.getMetadata().getName();
    switch (now.state()) {
      case Burning -> {
        String message = "burning the error budget: " + now.firing().stream()
            .map(alert -> alert.severity().label() + " (" + alert.longWindow().label() + "/"
                + alert.shortWindow().label() + " above " + Math.round(alert.threshold() * 100) / 100.0 + ")")
            .collect(Collectors.joining(", ")) + "; " + now.errorBudgetRemaining().intValue() + "% of the budget left";
        events.warning(slo, SloReason.Burning, message);
        LOG.info("SLO {} is {}", name, message);
      }
      case Exhausted -> {
        String message = "the error budget is spent: compliance " + Math.round(now.compliance() * 1000) / 1000.0
            + "% against the objective of " + slo.getSpec().objective() + "%";
        events.warning(slo, SloReason.Exhausted, message);
        LOG.info("SLO {}: {}", name, message);
      }
      case Healthy -> {
        if (before == SloState.Burning || before == SloState.Exhausted) {
          String message = "recovered: no burn-rate condition holds; " + now.errorBudgetRemaining().intValue()
              + "% of the budget left";
          events.normal(slo, SloReason.Recovered, message);
          LOG.info("SLO {} {}", name, message);
        }
      }
      default -> {
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> Optional<R> cached(Context<ServiceLevelObjective> context, Class<R> type,
      String name, String namespace) {
    var source = (InformerEventSource<R, ServiceLevelObjective>) context.eventSourceRetriever().getEventSourceFor(type);
    return source.get(new ResourceID(name, namespace));
  }

  private static PipelineStatus orEmpty(PipelineStatus status) {
    return status == null ? new PipelineStatus() : status;
  }

  @Override
  public DeleteControl cleanup(ServiceLevelObjective slo, Context<ServiceLevelObjective> context) {
    // The history ConfigMap and the PrometheusRule go with the SLO through their owner references.
    trackers.remove(ResourceID.fromResource(slo));
    history.forget(slo);
    rules.forget(slo);
    metrics.forget(slo);
    return DeleteControl.defaultDelete();
  }
}
