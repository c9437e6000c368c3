package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class LagStatus {

  @JsonPropertyDescription("Records the sources have yet to read, summed over partitions.")
  private Long records;

  @JsonPropertyDescription("Records divided by the processing rate: how long the backlog takes to drain.")
  private Double seconds;

  @JsonPropertyDescription("Where the figure comes from: flink (pendingRecords) or kafka (consumer group offsets).")
  private String source;

  public Long getRecords() {
    return records;
  }

  public void setRecords(Long records) {
    this.records = records;
  }

  public Double getSeconds() {
    return seconds;
  }

  public void setSeconds(Double seconds) {
    this.seconds = seconds;
  }

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }
}
