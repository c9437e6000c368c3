package dev.sluice.local;

import dev.sluice.api.common.Durations;
import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.pipeline.ParallelismStatus;
import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineSpec;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.autoscaler.AutoscalerHistory;
import dev.sluice.autoscaler.LastScaling;
import dev.sluice.autoscaler.ScalingDecision;
import dev.sluice.autoscaler.ScalingPolicy;
import dev.sluice.autoscaler.SourceLayout;
import dev.sluice.flink.FlinkJobClient;
import dev.sluice.flink.JobObserver;
import dev.sluice.flink.OutputFreshness;
import dev.sluice.flink.QualityCounts;
import dev.sluice.observation.FlinkJobState;
import dev.sluice.observation.JobLooks;
import dev.sluice.observation.JobObservation;
import dev.sluice.observation.MappingInputs;
import dev.sluice.observation.ObservationMapping;
import dev.sluice.observation.ObservationStatus;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One Pipeline as {@code sluice run} runs it: its cluster, the looks at its job, its status and its
 * autoscaler. Each {@link #look} does what the operator does at a reconcile of a running Pipeline:
 * observe through Flink's REST API, write the observation onto the status, let the autoscaler decide,
 * and move the cluster towards the desired parallelism.
 */
final class LocalPipeline {

  private final Pipeline pipeline;
  private final Map<String, Dataset> datasets;
  private final List<ServiceLevelObjective> objectives;
  private final LocalCluster cluster;
  private final JobObserver observer;
  private final OutputFreshness freshness;
  private final QualityCounts quality;
  private final JobLooks looks = new JobLooks();
  private final PipelineStatus status = new PipelineStatus();
  private final String planHash;
  private AutoscalerHistory history = AutoscalerHistory.empty();
  private int desired;
  private JobObservation latest;

  /** @param objectives the directory's objectives: they set the catch-up time, as in the operator */
  LocalPipeline(Pipeline pipeline, String planHash, Map<String, Dataset> datasets,
      List<ServiceLevelObjective> objectives, LocalCluster cluster, FlinkJobClient flink, Clock clock) {
    this.pipeline = pipeline;
    this.planHash = planHash;
    this.datasets = datasets;
    this.objectives = objectives;
    this.cluster = cluster;
    this.observer = new JobObserver(ignored -> cluster.rest(), flink, clock);
    this.freshness = new OutputFreshness(ignored -> cluster.rest(), flink, clock);
    this.quality = new QualityCounts(ignored -> cluster.rest(), flink);
    this.desired = pipeline.getSpec().parallelism().initial();
    status.setPhase(Phase.Deploying);
    ParallelismStatus parallelism = new ParallelismStatus();
    parallelism.setDesired(desired);
    status.setParallelism(parallelism);
    // The Pipeline carries its status as in a cluster: its objectives and its outputs' freshness read it there.
    pipeline.setStatus(status);
  }

  String name() {
    return pipeline.getMetadata().getName();
  }

  PipelineStatus status() {
    return status;
  }

  LocalCluster cluster() {
    return cluster;
  }

  /** The hash of the plan as the manifests declare it, which its savepoints are kept under. */
  String planHash() {
    return planHash;
  }

  /** The job's id if it ran at the latest look. */
  Optional<String> runningJob() {
    return Optional.ofNullable(latest).filter(seen -> seen.job().state() == FlinkJobState.RUNNING)
        .map(seen -> seen.job().id());
  }

  /**
   * Looks at the job once and updates the status.
   *
   * @param evaluate whether the autoscaler decides at this look; it does at the operator's pace
   * @return the autoscaler's decision when it rescales
   */
  Optional<ScalingDecisionLine> look(boolean evaluate) throws Exception {
    Optional<JobObservation> observed = observer.observe(pipeline);
    if (observed.isEmpty()) {
      return Optional.empty();
    }
    JobObservation seen = observed.get();
    latest = seen;
    ObservationStatus.apply(seen, status);
    freshness.apply(pipeline, datasets, observed, status);
    quality.apply(pipeline, observed, status);
    Optional<ScalingDecisionLine> rescale = evaluate ? autoscale(seen) : Optional.empty();
    status.getParallelism().setDesired(desired);
    status.setPhase(phase(seen));
    if (seen.job().state() == FlinkJobState.RUNNING) {
      cluster.follow(seen.job().id(), seen.vertices().stream().map(v -> v.vertex().id()).toList(), desired);
    }
    status.getParallelism().setTaskManagers(cluster.taskManagers());
    return rescale;
  }

  private Optional<ScalingDecisionLine> autoscale(JobObservation seen) {
    PipelineSpec spec = pipeline.getSpec();
    Optional<JobObservation> before = looks.look(seen, OptionalLong.empty());
    if (!spec.autoscaler().enabled() || seen.job().state() != FlinkJobState.RUNNING) {
      return Optional.empty();
    }
    var mapped = ObservationMapping.map(seen, before, new MappingInputs(SourceLayout.of(spec, datasets),
        Durations.parse(spec.checkpointing().interval()), Durations.parse(spec.checkpointing().timeout()),
        looks.runningSince(), false, OptionalLong.empty(), OptionalLong.empty()));
    if (mapped.observation().isEmpty()) {
      return Optional.empty();
    }
    ScalingPolicy policy = ScalingPolicy.of(pipeline, objectives);
    var evaluation = policy.autoscaler().evaluate(mapped.observation().get(), history);
    history = evaluation.history();
    ScalingDecision decision = evaluation.decision();
    String reason = policy.explain(decision.reason());
    LastScaling.record(status, decision, policy.config(), seen.observedAt(), reason);
    if (decision.action() != ScalingDecision.Action.SCALE_UP && decision.action() != ScalingDecision.Action.SCALE_DOWN) {
      return Optional.empty();
    }
    desired = decision.targetParallelism();
    return Optional.of(new ScalingDecisionLine(name(), seen.observedAt(), decision.currentParallelism(),
        decision.targetParallelism(), reason));
  }

  private Phase phase(JobObservation seen) {
    return switch (seen.job().state()) {
      case RUNNING -> seen.parallelism() == desired ? Phase.Running : Phase.Scaling;
      case FAILED -> Phase.Failed;
      // A bounded input ends; the table shows such a job as Finished.
      case CANCELED, FINISHED, SUSPENDED -> Phase.Suspended;
      default -> Phase.Deploying;
    };
  }

  /** A rescale the autoscaler decided, as one printed line. */
  record ScalingDecisionLine(String pipeline, java.time.Instant at, int from, int to, String reason) {

    @Override
    public String toString() {
      return at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " " + pipeline + " scales "
          + (to > from ? "up" : "down") + " " + from + " → " + to + ": " + reason;
    }
  }
}
