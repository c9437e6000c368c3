package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.List;

/** What the operator observed about a Pipeline and its Flink job. Written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PipelineStatus {

  @JsonPropertyDescription("Pending, Deploying, Running, Scaling, Upgrading, Suspended, Failed or Invalid.")
  private Phase phase;

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Hash of the deployed plan (DDL, SQL and Flink configuration).")
  private String planHash;

  @JsonPropertyDescription("Hash of the last plan whose job ran and completed a checkpoint; the target of a rollback.")
  private String lastStablePlanHash;

  @JsonPropertyDescription("When the deployed plan was deployed (RFC 3339); an upgrade that has not run stably "
      + "within spec.rollback.timeout of it is rolled back, when rollback is enabled.")
  private String planDeployedTime;

  @JsonPropertyDescription("The latest rollback; while the Pipeline still asks for the plan that was rolled back, "
      + "it is not deployed again.")
  private RollbackStatus rollback;

  @JsonPropertyDescription("The Flink job.")
  private JobStatus job;

  @JsonPropertyDescription("Current and desired parallelism.")
  private ParallelismStatus parallelism;

  @JsonPropertyDescription("How far the sources are behind the newest input.")
  private LagStatus lag;

  @JsonPropertyDescription("Records per second in and out.")
  private ThroughputStatus throughput;

  @JsonPropertyDescription("The latest completed checkpoint, and failures since.")
  private CheckpointStatus checkpoint;

  @JsonPropertyDescription("The latest savepoint; an upgrade or resume restores from it.")
  private SavepointStatus savepoint;

  @JsonPropertyDescription("The savepoint in flight, whatever its reason; the next lifecycle step waits for it.")
  private SavepointStatus pendingSavepoint;

  @JsonPropertyDescription("The outputs reflect the input up to this time (RFC 3339). With event time: the "
      + "lowest input watermark of the sink writers. Without: the time the newest input the outputs hold arrived, "
      + "the lag in seconds before the observation. Outputs written in transactions (exactly-once Kafka, files) "
      + "show data at checkpoints, so then it is never later than the latest completed checkpoint's start. It "
      + "stays put while the job does not run.")
  private String freshThrough;

  @JsonPropertyDescription("Age of freshThrough, such as 42s or 3m12s: how far behind the input the outputs are.")
  private String freshness;

  @JsonPropertyDescription("Age of freshThrough, in seconds.")
  private Long freshnessSeconds;

  @JsonPropertyDescription("Rows that failed each quality rule.")
  private List<QualityViolations> quality = new ArrayList<>();

  @JsonPropertyDescription("The last scaling decision and the numbers behind it.")
  private ScalingDecisionStatus lastScaling;

  @JsonPropertyDescription("The autoscaler's latest look that kept the parallelism, and why; absent after a "
      + "rescale until it holds again, and while autoscaling is off.")
  private ScalingHoldStatus lastHold;

  @JsonPropertyDescription("Ready, Progressing, Degraded and SpecValid, following Kubernetes API conventions.")
  private List<Condition> conditions = new ArrayList<>();

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getPlanHash() {
    return planHash;
  }

  public void setPlanHash(String planHash) {
    this.planHash = planHash;
  }

  public String getLastStablePlanHash() {
    return lastStablePlanHash;
  }

  public void setLastStablePlanHash(String lastStablePlanHash) {
    this.lastStablePlanHash = lastStablePlanHash;
  }

  public String getPlanDeployedTime() {
    return planDeployedTime;
  }

  public void setPlanDeployedTime(String planDeployedTime) {
    this.planDeployedTime = planDeployedTime;
  }

  public RollbackStatus getRollback() {
    return rollback;
  }

  public void setRollback(RollbackStatus rollback) {
    this.rollback = rollback;
  }

  public JobStatus getJob() {
    return job;
  }

  public void setJob(JobStatus job) {
    this.job = job;
  }

  public ParallelismStatus getParallelism() {
    return parallelism;
  }

  public void setParallelism(ParallelismStatus parallelism) {
    this.parallelism = parallelism;
  }

  public LagStatus getLag() {
    return lag;
  }

  public void setLag(LagStatus lag) {
    this.lag = lag;
  }

  public ThroughputStatus getThroughput() {
    return throughput;
  }

  public void setThroughput(ThroughputStatus throughput) {
    this.throughput = throughput;
  }

  public CheckpointStatus getCheckpoint() {
    return checkpoint;
  }

  public void setCheckpoint(CheckpointStatus checkpoint) {
    this.checkpoint = checkpoint;
  }

  public SavepointStatus getSavepoint() {
    return savepoint;
  }

  public void setSavepoint(SavepointStatus savepoint) {
    this.savepoint = savepoint;
  }

  public SavepointStatus getPendingSavepoint() {
    return pendingSavepoint;
  }

  public void setPendingSavepoint(SavepointStatus pendingSavepoint) {
    this.pendingSavepoint = pendingSavepoint;
  }

  public String getFreshThrough() {
    return freshThrough;
  }

  public void setFreshThrough(String freshThrough) {
    this.freshThrough = freshThrough;
  }

  public String getFreshness() {
    return freshness;
  }

  public void setFreshness(String freshness) {
    this.freshness = freshness;
  }

  public Long getFreshnessSeconds() {
    return freshnessSeconds;
  }

  public void setFreshnessSeconds(Long freshnessSeconds) {
    this.freshnessSeconds = freshnessSeconds;
  }

  public List<QualityViolations> getQuality() {
    return quality;
  }

  public void setQuality(List<QualityViolations> quality) {
    this.quality = quality;
  }

  public ScalingHoldStatus getLastHold() {
    return lastHold;
  }

  public void setLastHold(ScalingHoldStatus lastHold) {
    this.lastHold = lastHold;
  }

  public ScalingDecisionStatus getLastScaling() {
    return lastScaling;
  }

  public void setLastScaling(ScalingDecisionStatus lastScaling) {
    this.lastScaling = lastScaling;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
