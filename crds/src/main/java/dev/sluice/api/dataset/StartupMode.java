package dev.sluice.api.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a Kafka source without committed offsets starts, named as Flink's scan.startup.mode. */
public enum StartupMode {
  @JsonProperty("earliest-offset") EARLIEST_OFFSET("earliest-offset"),
  @JsonProperty("latest-offset") LATEST_OFFSET("latest-offset"),
  @JsonProperty("group-offsets") GROUP_OFFSETS("group-offsets");

  private final String flinkName;

  StartupMode(String flinkName) {
    this.flinkName = flinkName;
  }

  public String flinkName() {
    return flinkName;
  }
}
