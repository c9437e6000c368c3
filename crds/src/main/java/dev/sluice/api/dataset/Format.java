package dev.sluice.api.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Record encodings, named as Flink names its formats. */
public enum Format {
  @JsonProperty("json") JSON("json"),
  @JsonProperty("csv") CSV("csv"),
  @JsonProperty("avro") AVRO("avro"),
  @JsonProperty("debezium-json") DEBEZIUM_JSON("debezium-json"),
  @JsonProperty("raw") RAW("raw");

  private final String flinkName;

  Format(String flinkName) {
    this.flinkName = flinkName;
  }

  /** The value of Flink's {@code format} table option. */
  public String flinkName() {
    return flinkName;
  }
}
