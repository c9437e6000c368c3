package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum UpgradeMode {
  @JsonProperty("savepoint") SAVEPOINT,
  @JsonProperty("last-state") LAST_STATE,
  @JsonProperty("stateless") STATELESS;

  /** Whether state survives an upgrade, suspend or deletion in this mode. */
  public boolean keepsState() {
    return this != STATELESS;
  }
}
