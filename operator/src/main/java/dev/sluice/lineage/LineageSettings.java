package dev.sluice.lineage;

import dev.sluice.api.common.Durations;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where the operator sends OpenLineage events, read from its environment (the Helm chart's
 * {@code openLineage} values). Without {@code SLUICE_OPENLINEAGE_URL} nothing is sent.
 *
 * @param url the OpenLineage backend, such as http://marquez:5000
 * @param endpoint the path events are posted to under {@code url}
 * @param apiKey sent as a bearer token when set; the chart reads it from a Secret
 * @param jobNamespace the OpenLineage namespace of every job; null for each Pipeline's Kubernetes namespace
 * @param runningInterval the least time between two RUNNING events of one run
 */
public record LineageSettings(URI url, String endpoint, String apiKey, String jobNamespace, Duration runningInterval) {

  public static final String DEFAULT_ENDPOINT = "/api/v1/lineage";
  public static final Duration DEFAULT_RUNNING_INTERVAL = Duration.ofSeconds(60);

  public static Optional<LineageSettings> fromEnvironment(Map<String, String> env) {
    String url = env.getOrDefault("SLUICE_OPENLINEAGE_URL", "");
    if (url.isBlank()) {
      return Optional.empty();
    }
    String interval = env.getOrDefault("SLUICE_OPENLINEAGE_RUNNING_INTERVAL", "");
    try {
      return Optional.of(new LineageSettings(URI.create(url.trim()),
          env.getOrDefault("SLUICE_OPENLINEAGE_ENDPOINT", DEFAULT_ENDPOINT),
          blankToNull(env.get("SLUICE_OPENLINEAGE_API_KEY")),
          blankToNull(env.get("SLUICE_OPENLINEAGE_NAMESPACE")),
          interval.isBlank() ? DEFAULT_RUNNING_INTERVAL : Durations.parse(interval)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("SLUICE_OPENLINEAGE_URL must be a URL and SLUICE_OPENLINEAGE_RUNNING_INTERVAL "
          + "a duration such as 60s: " + e.getMessage(), e);
    }
  }

  /** The OpenLineage job of a Pipeline: in the configured namespace, its name keeps the Kubernetes namespace. */
  public String jobNamespace(String kubernetesNamespace) {
    return jobNamespace == null ? kubernetesNamespace : jobNamespace;
  }

  public String jobName(String kubernetesNamespace, String pipeline) {
    return jobNamespace == null ? pipeline : kubernetesNamespace + "/" + pipeline;
  }

  /** Never prints the API key. */
  @Override
  public String toString() {
    return "LineageSettings[url=" + url + ", endpoint=" + endpoint + ", apiKey=" + (apiKey == null ? "none" : "set")
        + ", jobNamespace=" + jobNamespace + ", runningInterval=" + runningInterval + "]";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
