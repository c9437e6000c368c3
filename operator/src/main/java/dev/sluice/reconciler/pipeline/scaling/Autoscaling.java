package dev.sluice.reconciler.pipeline.scaling;

import dev.sluice.autoscaler.LastScaling;
import dev.sluice.autoscaler.ScalingPolicy;
import dev.sluice.autoscaler.SourceLayout;
import dev.sluice.observation.MappingInputs;
import dev.sluice.observation.ObservationMapping;
import dev.sluice.api.common.Durations;
import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.pipeline.Parallelism;
import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineSpec;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.observation.JobObservation;
import dev.sluice.reconciler.EventRecorder;
import dev.sluice.reconciler.pipeline.PipelineMetrics;
import dev.sluice.reconciler.pipeline.Savepoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Applies Sluice's {@link Autoscaler} to running Pipelines. At each reconcile of a Pipeline whose
 * {@code spec.autoscaler.enabled} is set and whose phase is Running, the look at its job (and the
 * look before) becomes the autoscaler's observation, its configuration comes from the spec and
 * the objectives on the Pipeline's outputs, and its decision becomes the desired parallelism.
 *
 * <p>A rescale is carried out by the lifecycle's rescale step, which changes only the task
 * manager Deployment's replicas: the job runs in Flink's reactive mode and uses every slot there
 * is. Reactive mode was chosen over the adaptive scheduler's resource-requirements REST endpoint
 * because on Kubernetes it leaves one place that says how parallel a job is, the replica count,
 * which the API server stores and any later reconcile (of this operator or the next one after a
 * restart) reads back and compares; a REST call to the job manager is one more thing that a
 * restart of the operator or of the job manager could lose half-way, and that would have to be
 * repeated whenever a job manager comes back.
 */
public final class Autoscaling {

  private static final Logger LOG = LoggerFactory.getLogger(Autoscaling.class);

  private final Objectives objectives = new Objectives();
  private final Map<ResourceID, PipelineMemory> memories = new ConcurrentHashMap<>();
  private final CheckpointHealth health;
  private final Decisions decisions;
  private final UnscheduledParallelism unscheduled;

  /** @param pendingPods a Pipeline's task manager pods that are Pending */
  public Autoscaling(Savepoints savepoints, EventRecorder events, PipelineMetrics metrics, Clock clock,
      Function<Pipeline, List<Pod>> pendingPods) {
    this.health = new CheckpointHealth(events);
    this.decisions = new Decisions(events, metrics, savepoints);
    this.unscheduled = new UnscheduledParallelism(pendingPods, events, clock);
  }

  /** Reconciles the Pipelines an objective concerns when it changes; their catch-up time may change. */
  public InformerEventSource<ServiceLevelObjective, Pipeline> objectiveEvents(EventSourceContext<Pipeline> context) {
    return objectives.eventSource(context);
  }

  /**
   * The parallelism the Pipeline should run at: the autoscaler's new choice when it makes one now,
   * else the last one (or {@code spec.parallelism.initial}), within {@code spec.parallelism}; and
   * what the autoscaler finds wrong: checkpoints failing, or a parallelism the cluster does not give.
   *
   * @param status this reconcile's status, which the decision is recorded in
   * @param observation this reconcile's look at the job, if the job answered
   * @param datasets the Pipeline's Datasets by name
   */
  public ScalingOutcome desiredParallelism(Pipeline pipeline, PipelineStatus status,
      Optional<JobObservation> observation, Map<String, Dataset> datasets) {
    int desired = bounded(pipeline.getSpec().parallelism(), status);
    if (!pipeline.getSpec().autoscaler().enabled()) {
      status.setLastHold(null);
      forget(pipeline);
      return new ScalingOutcome(desired, Optional.empty());
    }
    PipelineMemory memory = memories.computeIfAbsent(ResourceID.fromResource(pipeline),
        key -> new PipelineMemory(LastScaling.history(status.getLastScaling())));
    int parallelism = evaluate(pipeline, status, observation, datasets, memory, desired);
    return new ScalingOutcome(parallelism, CheckpointHealth.trouble(memory).or(() -> unscheduled.trouble(memory)));
  }

  private int evaluate(Pipeline pipeline, PipelineStatus status, Optional<JobObservation> observation,
      Map<String, Dataset> datasets, PipelineMemory memory, int desired) {
    PipelineSpec spec = pipeline.getSpec();
    Duration checkpointTimeout = Durations.parse(spec.checkpointing().timeout());
    if (status.getPhase() != Phase.Running) {
      observation.ifPresent(seen -> memory.look(seen, committedLag(status)));
      health.notEvaluated(memory);
      return desired;
    }
    if (observation.isEmpty()) {
      return desired;
    }
    JobObservation seen = observation.get();
    desired = unscheduled.check(pipeline, desired, seen.parallelism(), memory);
    Optional<JobObservation> before = memory.look(seen, committedLag(status));
    var mapped = ObservationMapping.map(seen, before, new MappingInputs(SourceLayout.of(spec, datasets),
        Durations.parse(spec.checkpointing().interval()), checkpointTimeout, memory.runningSince(),
        status.getPendingSavepoint() != null, committedLag(status), memory.committedLagBefore()));
    if (mapped.observation().isEmpty()) {
      LOG.debug("The autoscaler waits for {}", mapped.lacking());
      return desired;
    }
    ScalingPolicy policy = objectives.policy(pipeline);
    var evaluation = policy.autoscaler().evaluate(mapped.observation().get(), memory.history());
    memory.history(evaluation.history());
    health.evaluated(pipeline, evaluation.decision().checkpointsFailing(), seen.checkpoints(), memory);
    return decisions.apply(pipeline, status, unscheduled.within(evaluation.decision(), memory), policy,
        seen.job().id(), seen.observedAt(), desired);
  }

  /** The consumer groups' lag, read from the brokers in this reconcile, if they answered for every input. */
  private static OptionalLong committedLag(PipelineStatus status) {
    Long records = status.getLag() == null ? null : status.getLag().getConsumerGroupRecords();
    return records == null ? OptionalLong.empty() : OptionalLong.of(records);
  }

  /** Drops what is remembered of a deleted Pipeline. */
  public void forget(Pipeline pipeline) {
    memories.remove(ResourceID.fromResource(pipeline));
  }

  /** The autoscaler's last choice, or the initial parallelism, within the configured bounds. */
  private static int bounded(Parallelism bounds, PipelineStatus status) {
    Integer chosen = status.getParallelism() == null ? null : status.getParallelism().getDesired();
    int desired = chosen == null ? bounds.initial() : chosen;
    return Math.max(bounds.min(), Math.min(bounds.max(), desired));
  }
}
