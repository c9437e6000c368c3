package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobStatus {

  @JsonPropertyDescription("Flink job id.")
  private String id;

  @JsonPropertyDescription("Flink job state: CREATED, RUNNING, FAILING, RESTARTING, FINISHED, CANCELED, FAILED...")
  private String state;

  @JsonPropertyDescription("When the job started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("Restarts of the job since it was submitted.")
  private Long restarts;

  @JsonPropertyDescription("The innermost cause of the job's latest failure, while it is failed or has restarted.")
  private String lastFailure;

  @JsonPropertyDescription("When the latest failure happened (RFC 3339).")
  private String lastFailureTime;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public Long getRestarts() {
    return restarts;
  }

  public void setRestarts(Long restarts) {
    this.restarts = restarts;
  }

  public String getLastFailure() {
    return lastFailure;
  }

  public void setLastFailure(String lastFailure) {
    this.lastFailure = lastFailure;
  }

  public String getLastFailureTime() {
    return lastFailureTime;
  }

  public void setLastFailureTime(String lastFailureTime) {
    this.lastFailureTime = lastFailureTime;
  }
}
