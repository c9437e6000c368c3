package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One Kafka input's lag, as its consumer group's committed offsets show it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InputLagStatus {

  @JsonPropertyDescription("The input Dataset.")
  private String dataset;

  @JsonPropertyDescription("The Kafka consumer group the pipeline reads it with.")
  private String consumerGroup;

  @JsonPropertyDescription("Records in the topic after the group's committed offsets, summed over partitions.")
  private Long records;

  public String getDataset() {
    return dataset;
  }

  public void setDataset(String dataset) {
    this.dataset = dataset;
  }

  public String getConsumerGroup() {
    return consumerGroup;
  }

  public void setConsumerGroup(String consumerGroup) {
    this.consumerGroup = consumerGroup;
  }

  public Long getRecords() {
    return records;
  }

  public void setRecords(Long records) {
    this.records = records;
  }
}
