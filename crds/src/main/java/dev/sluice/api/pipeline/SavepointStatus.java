package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SavepointStatus {

  @JsonPropertyDescription("Where the savepoint is stored.")
  private String path;

  @JsonPropertyDescription("When it was taken (RFC 3339).")
  private String time;

  @JsonPropertyDescription("Why it was taken: upgrade, suspend, delete or scaling.")
  private String reason;

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

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }
}
