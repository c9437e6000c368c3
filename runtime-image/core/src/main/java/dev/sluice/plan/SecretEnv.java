package dev.sluice.plan;

/**
 * An environment variable the job's pods must get from a Secret key (with
 * {@code valueFrom.secretKeyRef}). The plan holds only the {@code ${env:NAME}} placeholder; the
 * runtime substitutes the value at startup, so no secret ever reaches the plan's ConfigMap.
 */
public record SecretEnv(String envName, String secretName, String key) {

  /** The text that stands for the value in the plan's statements. */
  public String placeholder() {
    return "${env:" + envName + "}";
  }
}
