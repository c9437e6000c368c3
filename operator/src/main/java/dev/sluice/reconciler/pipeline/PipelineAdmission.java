package dev.sluice.reconciler.pipeline;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.kafka.SecretLookup;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanBuilder;
import dev.sluice.plan.PlanError;
import dev.sluice.plan.PlanResult;
import dev.sluice.plan.PlanValidator;
import dev.sluice.reconciler.EventRecorder;
import dev.sluice.reconciler.ReconcileOutcomes;
import dev.sluice.reconciler.ReconcileOutcomes.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides whether a Pipeline can run: it plans the Pipeline against its Datasets, validates the
 * SQL with Flink's planner, and checks that the Secrets it references exist. What stops it is the
 * user's to fix, so it becomes a condition whose message names the field, an event, and an
 * INVALID reconcile outcome, never an error that retries hot.
 */
final class PipelineAdmission {

  /** The validated plan, or a refusal whose reasons are set in the Pipeline's status. */
  sealed interface Verdict {
  }

  record Admitted(PipelinePlan plan) implements Verdict {
  }

  /** Why is in the Pipeline's status, which the caller writes. */
  record Refused() implements Verdict {
  }

  private static final Logger LOG = LoggerFactory.getLogger(PipelineAdmission.class);

  private final PlanValidator validator;
  private final PipelineSettings settings;
  private final EventRecorder events;
  private final ReconcileOutcomes outcomes;
  private final Clock clock;

  PipelineAdmission(PlanValidator validator, PipelineSettings settings, EventRecorder events,
      ReconcileOutcomes outcomes, Clock clock) {
    this.validator = validator;
    this.settings = settings;
    this.events = events;
    this.outcomes = outcomes;
    this.clock = clock;
  }

  Verdict admit(Pipeline pipeline, Map<String, Dataset> datasets, SecretLookup secrets) {
    Optional<PlanError> storageError = storageError(pipeline);
    if (storageError.isPresent()) {
      return invalid(pipeline, PipelineReason.StorageInvalid, List.of(storageError.get()));
    }
    PlanResult result = PlanBuilder.build(pipeline.getMetadata().getNamespace(), pipeline.getMetadata().getName(),
        pipeline.getSpec(), DatasetReferences.resolve(pipeline.getSpec(), datasets::get), settings.planDefaults());
    if (!result.valid()) {
      return invalid(pipeline, reasonFor(result.errors()), result.errors());
    }
    List<PlanError> planErrors = validator.validate(result.plan());
    if (!planErrors.isEmpty()) {
      return invalid(pipeline, PipelineReason.InvalidSql, planErrors);
    }
    List<String> missingSecrets = SecretReferences.missing(pipeline.getMetadata().getNamespace(),
        result.plan().secretEnv(), secrets);
    if (!missingSecrets.isEmpty()) {
      return waitingForSecrets(pipeline, missingSecrets);
    }
    return new Admitted(result.plan());
  }

  /** The last status, with this generation marked as observed. */
  static PipelineStatus carryOver(Pipeline pipeline) {
    PipelineStatus status = pipeline.getStatus() == null ? new PipelineStatus() : pipeline.getStatus();
    if (status.getPhase() == null || status.getPhase() == Phase.Invalid) {
      status.setPhase(Phase.Pending);
    }
    status.setObservedGeneration(pipeline.getMetadata().getGeneration());
    return status;
  }

  /** Pods would not start without their Secrets; wait: creating one reconciles the Pipeline. */
  private Verdict waitingForSecrets(Pipeline pipeline, List<String> missing) {
    String message = String.join("; ", missing);
    events.warning(pipeline, PipelineReason.SecretMissing, message);
    outcomes.record(pipeline, Outcome.INVALID);
    PipelineStatus status = carryOver(pipeline);
    status.setConditions(PipelineConditions.of(status, new PipelineConditions.SecretsMissing(message),
        pipeline.getMetadata().getGeneration(), clock.instant()));
    pipeline.setStatus(status);
    return new Refused();
  }

  /**
   * State must outlive a pod: the storage must be named, and file:// storage, which each pod would
   * otherwise keep in its own file system, must be a volume every pod mounts. Without one, the
   * first restore in a new pod finds nothing.
   */
  private Optional<PlanError> storageError(Pipeline pipeline) {
    String resource = "Pipeline/" + pipeline.getMetadata().getName();
    Optional<StateStorage> storage = settings.storageFor(pipeline);
    if (storage.isEmpty()) {
      return Optional.of(new PlanError(resource, "spec.checkpointing.storage", "set a URI such as s3://bucket/sluice;"
          + " the operator has no default storage (Helm value defaultStorage)"));
    }
    boolean own = pipeline.getSpec().checkpointing().storage() != null;
    String storageField = own ? "spec.checkpointing.storage" : "spec.checkpointing.storage (default: Helm value "
        + "defaultStorage)";
    if (storage.get().volumeClaim() != null && !storage.get().local()) {
      return Optional.of(new PlanError(resource, "spec.checkpointing.volumeClaim", "the claim holds file:// storage "
          + "only, and the storage is " + storage.get().uri() + ": set " + storageField
          + " to a file:/// URI, or remove the claim"));
    }
    if (pipeline.getSpec().checkpointing().s3() != null && storage.get().local()) {
      return Optional.of(new PlanError(resource, "spec.checkpointing.s3", "applies to s3:// storage, and the storage "
          + "is " + storage.get().uri() + ": remove spec.checkpointing.s3, or set " + storageField + " to s3://"));
    }
    if (storage.get().local() && storage.get().volumeClaim() == null) {
      return Optional.of(new PlanError(resource, storageField, storage.get().uri() + " would be each pod's own "
          + "disk, so a restore in a new pod finds no state: set spec.checkpointing.volumeClaim to a "
          + "PersistentVolumeClaim every pod of the Pipeline can mount"
          + (own ? "" : " (or Helm value defaultVolumeClaim)") + ", or use s3:// storage"));
    }
    return Optional.empty();
  }

  private static PipelineReason reasonFor(List<PlanError> errors) {
    return errors.stream().anyMatch(e -> e.message().contains("does not exist")) ? PipelineReason.DatasetNotFound
        : PipelineReason.PlanInvalid;
  }

  private Verdict invalid(Pipeline pipeline, PipelineReason reason, List<PlanError> problems) {
    String message = problems.stream().map(PlanError::toString).collect(Collectors.joining("; "));
    events.warning(pipeline, reason, message);
    LOG.info("Invalid: {}", message);
    outcomes.record(pipeline, Outcome.INVALID);
    PipelineStatus status = carryOver(pipeline);
    status.setPhase(Phase.Invalid);
    status.setConditions(PipelineConditions.of(status, new PipelineConditions.Refused(reason, message),
        pipeline.getMetadata().getGeneration(), clock.instant()));
    pipeline.setStatus(status);
    return new Refused();
  }
}
