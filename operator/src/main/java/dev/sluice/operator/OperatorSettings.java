package dev.sluice.operator;

import dev.sluice.lineage.LineageSettings;
import dev.sluice.observation.JobLooks;
import dev.sluice.reconciler.pipeline.PipelineSettings;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's settings, read from its environment (the Helm chart sets them).
 *
 * @param watchNamespaces namespaces to watch; empty means all
 * @param operatorNamespace where the leader-election Lease lives
 * @param leaderElection whether to elect a leader (off for a single local process)
 * @param httpPort port of the metrics, liveness and readiness endpoints
 * @param pipelines defaults for Pipelines: runtime image, state storage, observation interval
 * @param lineage where to send OpenLineage events, if anywhere
 */
public record OperatorSettings(Set<String> watchNamespaces, String operatorNamespace, boolean leaderElection,
    int httpPort, PipelineSettings pipelines, Optional<LineageSettings> lineage) {

  static final String DEFAULT_RUNTIME_IMAGE = "sluice/runtime:0.1.0";
  static final Duration OBSERVE_INTERVAL = JobLooks.EVERY;

  /** The Helm chart makes this Lease (templates/lease.yaml), so that uninstalling removes it. */
  static final String LEASE_NAME = "sluice-operator-leader";

  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    Set<String> namespaces = Arrays.stream(env.getOrDefault("SLUICE_WATCH_NAMESPACES", "").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    String port = env.getOrDefault("SLUICE_HTTP_PORT", "8080");
    try {
      String storage = env.getOrDefault("SLUICE_DEFAULT_STORAGE", "");
      String claim = env.getOrDefault("SLUICE_DEFAULT_VOLUME_CLAIM", "");
      return new OperatorSettings(namespaces,
          env.getOrDefault("SLUICE_OPERATOR_NAMESPACE", "sluice-system"),
          Boolean.parseBoolean(env.getOrDefault("SLUICE_LEADER_ELECTION", "true")),
          Integer.parseInt(port),
          new PipelineSettings(env.getOrDefault("SLUICE_RUNTIME_IMAGE", DEFAULT_RUNTIME_IMAGE),
              storage.isBlank() ? null : storage, claim.isBlank() ? null : claim, OBSERVE_INTERVAL),
          LineageSettings.fromEnvironment(env));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SLUICE_HTTP_PORT must be a port number, got '" + port + "'", e);
    }
  }

  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }
}
