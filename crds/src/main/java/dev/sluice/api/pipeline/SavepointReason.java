package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/** Why the operator took a savepoint; a savepoint in flight is followed the same way whatever the reason. */
public enum SavepointReason {
  /** The job stops with it, and the new plan starts from it. */
  @JsonProperty("upgrade") UPGRADE,
  /** The job stops with it, and a resume starts from it. */
  @JsonProperty("suspend") SUSPEND,
  /** The job stops with it before the Pipeline is deleted; a new Pipeline may start from it. */
  @JsonProperty("delete") DELETE,
  /** The job keeps running; it bounds what a rescale replays when the latest checkpoint is old. */
  @JsonProperty("rescale") RESCALE;

  /** Whether the job stops with the savepoint. */
  public boolean stopsTheJob() {
    return this != RESCALE;
  }

  /** The word status and events use. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
