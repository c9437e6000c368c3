package dev.sluice.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DatasetSpec(
    @Required
    @JsonPropertyDescription("Where the data lives: exactly one connector.")
    Connector connector,

    @Default("json")
    @JsonPropertyDescription("How records are encoded. Ignored by datagen, blackhole and print.")
    Format format,

    @Required
    @JsonPropertyDescription("The columns of the table, its primary key and its event time.")
    Schema schema,

    @Default("{}")
    @JsonPropertyDescription("The promise the producers make to consumers: owner and schema compatibility.")
    Contract contract) {

  public DatasetSpec {
    format = format == null ? Format.JSON : format;
    contract = contract == null ? Contract.DEFAULT : contract;
  }
}
