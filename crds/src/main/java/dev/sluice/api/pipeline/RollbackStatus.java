package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A rollback the operator performed: which plan failed, which one runs again, and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RollbackStatus {

  @JsonPropertyDescription("When the rollback was made (RFC 3339).")
  private String time;

  @JsonPropertyDescription("Hash of the plan that did not run stably in time.")
  private String fromPlanHash;

  @JsonPropertyDescription("Hash of the last stable plan deployed in its place.")
  private String toPlanHash;

  @JsonPropertyDescription("Why, in words.")
  private String reason;

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public String getFromPlanHash() {
    return fromPlanHash;
  }

  public void setFromPlanHash(String fromPlanHash) {
    this.fromPlanHash = fromPlanHash;
  }

  public String getToPlanHash() {
    return toPlanHash;
  }

  public void setToPlanHash(String toPlanHash) {
    this.toPlanHash = toPlanHash;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }
}
