package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SavepointStatus {

  @JsonPropertyDescription("Where the savepoint is stored.")
  private String path;

  @JsonPropertyDescription("When it was taken (RFC 3339).")
  private String time;

  @JsonPropertyDescription("Why it was taken: upgrade, suspend, delete or rescale.")
  private SavepointReason reason;

  @JsonPropertyDescription("Hash of the plan the job ran when the savepoint was taken.")
  private String planHash;

  @JsonPropertyDescription("Whether a deployment has started from this savepoint.")
  private Boolean restored;

  @JsonPropertyDescription("The Flink job the savepoint was taken from.")
  private String jobId;

  @JsonPropertyDescription("Flink's id for the savepoint operation, kept while it is in progress.")
  private String triggerId;

  public String getJobId() {
    return jobId;
  }

  public void setJobId(String jobId) {
    this.jobId = jobId;
  }

  public String getTriggerId() {
    return triggerId;
  }

  public void setTriggerId(String triggerId) {
    this.triggerId = triggerId;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public SavepointReason getReason() {
    return reason;
  }

  public void setReason(SavepointReason reason) {
    this.reason = reason;
  }

  public String getPlanHash() {
    return planHash;
  }

  public void setPlanHash(String planHash) {
    this.planHash = planHash;
  }

  public Boolean getRestored() {
    return restored;
  }

  public void setRestored(Boolean restored) {
    this.restored = restored;
  }
}
