package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The autoscaler's latest look that kept the parallelism, and why: the answer to "why does it not scale?". */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScalingHoldStatus {

  @JsonPropertyDescription("When the autoscaler last looked and kept the parallelism (RFC 3339).")
  private String time;

  @JsonPropertyDescription("The parallelism it kept.")
  private Integer parallelism;

  @JsonPropertyDescription("Why, in words, with the numbers it decided on.")
  private String reason;

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public Integer getParallelism() {
    return parallelism;
  }

  public void setParallelism(Integer parallelism) {
    this.parallelism = parallelism;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }
}
