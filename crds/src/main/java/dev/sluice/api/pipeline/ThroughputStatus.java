package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ThroughputStatus {

  @JsonPropertyDescription("Records per second read by the sources.")
  private Double inputRecordsPerSecond;

  @JsonPropertyDescription("Records per second written by the sinks.")
  private Double outputRecordsPerSecond;

  @JsonPropertyDescription("Largest fraction of time any vertex was busy, from 0 to 1.")
  private Double maxBusyRatio;

  public Double getInputRecordsPerSecond() {
    return inputRecordsPerSecond;
  }

  public void setInputRecordsPerSecond(Double inputRecordsPerSecond) {
    this.inputRecordsPerSecond = inputRecordsPerSecond;
  }

  public Double getOutputRecordsPerSecond() {
    return outputRecordsPerSecond;
  }

  public void setOutputRecordsPerSecond(Double outputRecordsPerSecond) {
    this.outputRecordsPerSecond = outputRecordsPerSecond;
  }

  public Double getMaxBusyRatio() {
    return maxBusyRatio;
  }

  public void setMaxBusyRatio(Double maxBusyRatio) {
    this.maxBusyRatio = maxBusyRatio;
  }
}
