package dev.sluice.api.dataset;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Exactly one of the connector kinds is set; the API server enforces it. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "[has(self.kafka), has(self.filesystem), has(self.datagen), has(self.blackhole), has(self.print)]"
        + ".filter(set, set).size() == 1",
    message = "spec.connector must set exactly one of kafka, filesystem, datagen, blackhole or print",
    reason = "FieldValueInvalid")
public record Connector(
    @JsonPropertyDescription("A Kafka topic.")
    KafkaConnector kafka,

    @JsonPropertyDescription("Files under a path, such as s3://bucket/prefix or file:///data.")
    FilesystemConnector filesystem,

    @JsonPropertyDescription("Generated rows, for demos and tests, with a rate profile to create load on demand.")
    DatagenConnector datagen,

    @JsonPropertyDescription("A sink that discards every row; for tests and benchmarks.")
    BlackholeConnector blackhole,

    @JsonPropertyDescription("A sink that prints every row to the task manager's log; for demos.")
    PrintConnector print) {

  /** The kind of the one connector that is set, as shown by {@code kubectl get ds}. */
  @JsonIgnore
  public String kind() {
    if (kafka != null) {
      return "kafka";
    }
    if (filesystem != null) {
      return "filesystem";
    }
    if (datagen != null) {
      return "datagen";
    }
    if (blackhole != null) {
      return "blackhole";
    }
    return print != null ? "print" : "none";
  }
}
