package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class LagStatus {

  @JsonPropertyDescription("Records the sources have yet to read, summed over partitions.")
  private Long records;

  @JsonPropertyDescription("Records divided by the processing rate: how long the backlog takes to drain.")
  private Double seconds;

  @JsonPropertyDescription("Where the figure comes from: flink (pendingRecords) or kafka (consumer group offsets).")
  private String source;

  @JsonPropertyDescription("Records after the committed offsets of the consumer groups of the Kafka inputs, read "
      + "from the brokers. Flink commits offsets when a checkpoint completes, so this trails the Flink figure by "
      + "up to one checkpoint interval; records falls back to it when Flink reports none.")
  private Long consumerGroupRecords;

  @JsonPropertyDescription("The consumer group figure of each Kafka input whose brokers answered.")
  private List<InputLagStatus> inputs;

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

  public Long getConsumerGroupRecords() {
    return consumerGroupRecords;
  }

  public void setConsumerGroupRecords(Long consumerGroupRecords) {
    this.consumerGroupRecords = consumerGroupRecords;
  }

  public List<InputLagStatus> getInputs() {
    return inputs;
  }

  public void setInputs(List<InputLagStatus> inputs) {
    this.inputs = inputs;
  }
}
