package dev.sluice.reconciler.dataset;

import dev.sluice.freshness.ProducerFreshness;
import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.dataset.DatasetStatus;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.dataset.KafkaConnector;
import dev.sluice.contract.SchemaDecision;
import dev.sluice.plan.PlanBuilder;
import dev.sluice.plan.PlanDefaults;
import dev.sluice.plan.PlanError;
import dev.sluice.plan.PlanValidator;
import dev.sluice.kafka.SecretLookup;
import dev.sluice.reconciler.DatasetSecrets;
import io.fabric8.kubernetes.api.model.Secret;
import dev.sluice.reconciler.Conditions;
import dev.sluice.operator.SluiceOperator;
import dev.sluice.reconciler.EventRecorder;
import dev.sluice.reconciler.ReconcileOutcomes;
import dev.sluice.reconciler.ReconcileOutcomes.Outcome;
import dev.sluice.reconciler.LeanStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keeps each Dataset's contract and lineage: accepts a schema change only when the contract's
 * compatibility mode allows it, lists the Pipelines that produce and consume the Dataset, and
 * takes its freshness from its producers' status, which it watches.
 */
// Errors that are not the user's (an unreachable API server or job manager) retry for as long as
// they last, backing off from 2 seconds to at most 5 minutes.
@GradualRetry(maxAttempts = -1, initialInterval = 2_000, intervalMultiplier = 2, maxInterval = 300_000)
@ControllerConfiguration(name = DatasetReconciler.NAME, fieldManager = SluiceOperator.FIELD_MANAGER)
public class DatasetReconciler implements Reconciler<Dataset> {

  public static final String NAME = "dataset";
  static final String READY = "Ready";
  static final String SCHEMA_COMPATIBLE = "SchemaCompatible";
  static final String TOPIC_READY = "TopicReady";
  /** Topics are not watched; a Kafka Dataset is checked again this often. */
  static final Duration TOPIC_RECHECK = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(DatasetReconciler.class);

  private final EventRecorder events;
  private final PlanValidator validator;
  private final RecentTopicChecks topics;
  private final ReconcileOutcomes outcomes;
  private final Clock clock;

  /** @param validator checks the Dataset's table with Flink's planner, as a Pipeline reading it would */
  public DatasetReconciler(EventRecorder events, PlanValidator validator, TopicChecker topics, ReconcileOutcomes outcomes,
      Clock clock) {
    this.events = events;
    this.validator = validator;
    this.topics = new RecentTopicChecks(topics, TOPIC_RECHECK, clock);
    this.outcomes = outcomes;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Dataset>> prepareEventSources(EventSourceContext<Dataset> context) {
    // A Pipeline that names a Dataset changes the Dataset's lineage, so it triggers a reconcile;
    // the reverse index of this mapping gives each Dataset the Pipelines that touch it.
    var pipelines = InformerEventSourceConfiguration.from(Pipeline.class, Dataset.class)
        .withSecondaryToPrimaryMapper((Pipeline pipeline) -> pipeline.getSpec().namedDatasets().stream()
            .map(dataset -> new ResourceID(dataset, pipeline.getMetadata().getNamespace()))
            .collect(Collectors.toSet()))
        .withItemStore(new LeanStore<>())
        .build();
    var secrets = DatasetSecrets.source(context, Dataset.class,
        secret -> context.getPrimaryCache().list(secret.getMetadata().getNamespace())
            .filter(dataset -> DatasetSecrets.named(dataset).filter(secret.getMetadata().getName()::equals).isPresent())
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()),
        (Dataset dataset) -> DatasetSecrets.named(dataset).map(name -> DatasetSecrets.id(name, dataset))
            .stream().collect(Collectors.toSet()));
    return List.of(new InformerEventSource<>(pipelines, context), secrets);
  }

  @Override
  public UpdateControl<Dataset> reconcile(Dataset dataset, Context<Dataset> context) {
    DatasetStatus previous = dataset.getStatus() == null ? new DatasetStatus() : dataset.getStatus();
    List<PlanError> invalid = validator.validate(PlanBuilder.tableOf(dataset.getMetadata().getNamespace(),
        dataset.getMetadata().getName(), dataset.getSpec(), PlanDefaults.forStorage("")));
    SchemaDecision decision = SchemaDecision.offer(previous.getAcceptedSchema(), previous.getSchemaVersion(),
        dataset.getSpec().schema(), dataset.getSpec().contract().compatibility());
    List<Pipeline> pipelines = context.getSecondaryResourcesAsStream(Pipeline.class).toList();
    long generation = dataset.getMetadata().getGeneration();

    DatasetStatus status = new DatasetStatus();
    status.setObservedGeneration(generation);
    status.setConnector(dataset.getSpec().connector().kind());
    // A schema Flink cannot read is never accepted; Pipelines keep the one accepted before.
    boolean readable = invalid.isEmpty();
    status.setAcceptedSchema(readable ? decision.accepted() : previous.getAcceptedSchema());
    status.setSchemaVersion(readable ? Integer.valueOf(decision.version()) : previous.getSchemaVersion());
    status.setSchemaFingerprint(readable ? decision.fingerprint() : previous.getSchemaFingerprint());
    List<Pipeline> producers = Lineage.producing(dataset.getMetadata().getName(), pipelines);
    status.setProducers(Lineage.names(producers));
    status.setConsumers(Lineage.consumers(dataset.getMetadata().getName(), pipelines));
    ProducerFreshness.apply(producers, status, clock.instant());
    status.setLastWriteTime(ProducerWrites.lastWriteTime(producers, previous.getLastWriteTime(), clock.instant()));

    var conditions = previous.getConditions();
    KafkaConnector kafka = dataset.getSpec().connector().kafka();
    RecentTopicChecks.Result checked = kafka == null ? null
        : topics.check(dataset.getMetadata().getNamespace(), dataset.getMetadata().getName(), kafka,
            SecretLookup.of(context.getSecondaryResources(Secret.class)));
    TopicCheck topic = checked == null ? null : checked.check();
    if (topic != null) {
      conditions = Conditions.with(conditions, TOPIC_READY, topic.ready(), topic.reason(), topic.message(),
          generation, clock.instant());
      if (!topic.ready() && checked.asked()) {
        events.warning(dataset, topic.reason(), topic.message());
      }
    }
    if (!readable) {
      String message = invalid.stream().map(PlanError::toString).collect(Collectors.joining("; "));
      conditions = Conditions.with(conditions, READY, false, DatasetReason.InvalidSchema, message, generation,
          clock.instant());
      events.warning(dataset, DatasetReason.InvalidSchema, message);
      LOG.info("{}/{}: {}", dataset.getMetadata().getNamespace(), dataset.getMetadata().getName(), message);
    } else if (decision.compatible()) {
      conditions = Conditions.with(conditions, SCHEMA_COMPATIBLE, true, DatasetReason.SchemaAccepted,
          "schema version " + decision.version() + " accepted under " + dataset.getSpec().contract().compatibility(),
          generation, clock.instant());
      boolean ready = topic == null || topic.ready();
      conditions = Conditions.with(conditions, READY, ready, ready ? DatasetReason.Accepted : topic.reason(),
          ready ? "the dataset is ready for pipelines" : topic.message(), generation, clock.instant());
      if (previous.getSchemaVersion() != null && decision.version() > previous.getSchemaVersion()) {
        events.normal(dataset, DatasetReason.SchemaAccepted, "schema version " + decision.version() + " accepted");
      }
    } else {
      String message = "schema change refused under " + dataset.getSpec().contract().compatibility() + ": "
          + String.join("; ", decision.violations()) + ". Pipelines keep running on schema version "
          + decision.version() + ". Revert spec.schema, or change spec.contract.compatibility if the break is intended.";
      conditions = Conditions.with(conditions, SCHEMA_COMPATIBLE, false, DatasetReason.IncompatibleChange, message,
          generation, clock.instant());
      conditions = Conditions.with(conditions, READY, false, DatasetReason.SchemaIncompatible, message, generation,
          clock.instant());
      events.warning(dataset, DatasetReason.SchemaIncompatible, message);
      LOG.info("Refused schema change: {}", message);
    }
    status.setConditions(conditions);
    dataset.setStatus(status);
    outcomes.record(dataset, Conditions.isTrue(conditions, READY) ? Outcome.OK : Outcome.INVALID);
    // Every change of a Pipeline that names the Dataset reconciles it; most change nothing here.
    var json = context.getClient().getKubernetesSerialization();
    UpdateControl<Dataset> update = json.asJson(previous).equals(json.asJson(status))
        ? UpdateControl.noUpdate() : UpdateControl.patchStatus(dataset);
    return kafka == null ? update : update.rescheduleAfter(TOPIC_RECHECK);
  }

  @Override
  public ErrorStatusUpdateControl<Dataset> updateErrorStatus(Dataset dataset, Context<Dataset> context, Exception e) {
    return outcomes.error(dataset);
  }
}
