package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A scaling decision, with the figures it was made from, so that a person can check it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScalingDecisionStatus {

  @JsonPropertyDescription("When the decision was made (RFC 3339).")
  private String time;

  @JsonPropertyDescription("Parallelism before.")
  private Integer from;

  @JsonPropertyDescription("Parallelism chosen.")
  private Integer to;

  @JsonPropertyDescription("Why, in words.")
  private String reason;

  @JsonPropertyDescription("Records per second arriving at the sources.")
  private Double arrivalRate;

  @JsonPropertyDescription("Records per second one subtask can process when fully busy.")
  private Double trueProcessingRatePerSubtask;

  @JsonPropertyDescription("Backlog in records when the decision was made.")
  private Long lagRecords;

  @JsonPropertyDescription("Time allowed to work off the backlog, in seconds.")
  private Long catchUpSeconds;

  @JsonPropertyDescription("Busy fraction the parallelism was sized for.")
  private Double targetUtilization;

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public Integer getFrom() {
    return from;
  }

  public void setFrom(Integer from) {
    this.from = from;
  }

  public Integer getTo() {
    return to;
  }

  public void setTo(Integer to) {
    this.to = to;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public Double getArrivalRate() {
    return arrivalRate;
  }

  public void setArrivalRate(Double arrivalRate) {
    this.arrivalRate = arrivalRate;
  }

  public Double getTrueProcessingRatePerSubtask() {
    return trueProcessingRatePerSubtask;
  }

  public void setTrueProcessingRatePerSubtask(Double trueProcessingRatePerSubtask) {
    this.trueProcessingRatePerSubtask = trueProcessingRatePerSubtask;
  }

  public Long getLagRecords() {
    return lagRecords;
  }

  public void setLagRecords(Long lagRecords) {
    this.lagRecords = lagRecords;
  }

  public Long getCatchUpSeconds() {
    return catchUpSeconds;
  }

  public void setCatchUpSeconds(Long catchUpSeconds) {
    this.catchUpSeconds = catchUpSeconds;
  }

  public Double getTargetUtilization() {
    return targetUtilization;
  }

  public void setTargetUtilization(Double targetUtilization) {
    this.targetUtilization = targetUtilization;
  }
}
