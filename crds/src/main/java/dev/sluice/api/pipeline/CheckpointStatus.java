package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckpointStatus {

  @JsonPropertyDescription("When the latest checkpoint completed (RFC 3339).")
  private String lastCompletedTime;

  @JsonPropertyDescription("How long the latest checkpoint took, in milliseconds.")
  private Long lastDurationMillis;

  @JsonPropertyDescription("Size of the latest checkpoint, in bytes.")
  private Long lastSizeBytes;

  @JsonPropertyDescription("Checkpoints failed since the last one that completed.")
  private Integer failuresInARow;

  @JsonPropertyDescription("Checkpoints completed since the job started.")
  private Long completed;

  public String getLastCompletedTime() {
    return lastCompletedTime;
  }

  public void setLastCompletedTime(String lastCompletedTime) {
    this.lastCompletedTime = lastCompletedTime;
  }

  public Long getLastDurationMillis() {
    return lastDurationMillis;
  }

  public void setLastDurationMillis(Long lastDurationMillis) {
    this.lastDurationMillis = lastDurationMillis;
  }

  public Long getLastSizeBytes() {
    return lastSizeBytes;
  }

  public void setLastSizeBytes(Long lastSizeBytes) {
    this.lastSizeBytes = lastSizeBytes;
  }

  public Integer getFailuresInARow() {
    return failuresInARow;
  }

  public void setFailuresInARow(Integer failuresInARow) {
    this.failuresInARow = failuresInARow;
  }

  public Long getCompleted() {
    return completed;
  }

  public void setCompleted(Long completed) {
    this.completed = completed;
  }
}
