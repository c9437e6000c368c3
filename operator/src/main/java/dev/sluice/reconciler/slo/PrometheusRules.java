package dev.sluice.reconciler.slo;

import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.reconciler.pipeline.ClusterApplier;
import dev.sluice.reconciler.pipeline.ClusterNames;
import dev.sluice.slo.SloPolicy;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes each alerting SLO's rules as a PrometheusRule it owns, where the Prometheus Operator's
 * kind exists. Whether it exists is asked of the API server's discovery at most once per
 * {@code recheck} for all SLOs, so a cluster without it costs one request per interval and a kind
 * installed later is picked up within one. A rule is applied when its content changes, and again
 * every {@link #REAPPLY} to repair drift, rather than at every evaluation.
 */
class PrometheusRules {

  static final String API_VERSION = "monitoring.coreos.com/v1";
  static final String KIND = "PrometheusRule";
  static final Duration REAPPLY = Duration.ofMinutes(10);

  private final KubernetesClient client;
  private final ClusterApplier applier;
  private final Duration recheck;
  private final Clock clock;
  private volatile Instant checkedAt;
  private volatile boolean supported;
  private final Map<ResourceID, Applied> applied = new ConcurrentHashMap<>();

  private record Applied(Object groups, Instant at) {
  }

  PrometheusRules(KubernetesClient client, ClusterApplier applier, Duration recheck, Clock clock) {
    this.client = client;
    this.applier = applier;
    this.recheck = recheck;
    this.clock = clock;
  }

  static String name(ServiceLevelObjective slo) {
    return slo.getMetadata().getName() + "-slo";
  }

  /** What became of the SLO's alerts, for the AlertsInstalled condition. */
  record Installation(boolean installed, SloReason reason, String message) {
  }

  /** @param installed whether the SLO's status says its rules were written */
  Installation apply(ServiceLevelObjective slo, SloPolicy policy, boolean installed) {
    if (!slo.getSpec().alerting().enabled()) {
      applied.remove(ResourceID.fromResource(slo));
      if (installed) {
        client.genericKubernetesResources(API_VERSION, KIND).inNamespace(slo.getMetadata().getNamespace())
            .withName(name(slo)).delete();
      }
      return new Installation(false, SloReason.AlertingDisabled, "spec.alerting.enabled is false; no rules are written");
    }
    if (!kindExists()) {
      return new Installation(false, SloReason.PrometheusOperatorAbsent, "the cluster has no " + KIND + " kind ("
          + API_VERSION + "): install the Prometheus Operator's CRDs and the rules are written within "
          + recheck.toSeconds() + "s; status shows the same figures meanwhile");
    }
    List<Map<String, Object>> groups = SloAlertRules.groups(slo, policy);
    ResourceID key = ResourceID.fromResource(slo);
    Applied last = applied.get(key);
    Instant now = clock.instant();
    if (!installed || last == null || !last.groups().equals(groups) || !now.isBefore(last.at().plus(REAPPLY))
        || now.isBefore(last.at())) {
      apply(slo, groups);
      applied.put(key, new Applied(groups, now));
    }
    return new Installation(true, SloReason.RulesApplied, KIND + " " + name(slo) + " holds the recording rules and "
        + policy.alerts().size() + " burn-rate conditions");
  }

  void forget(ServiceLevelObjective slo) {
    applied.remove(ResourceID.fromResource(slo));
  }

  private void apply(ServiceLevelObjective slo, List<Map<String, Object>> groups) {
    GenericKubernetesResource rule = new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION)
        .withKind(KIND)
        .withNewMetadata()
        .withName(name(slo))
        .withNamespace(slo.getMetadata().getNamespace())
        .withLabels(Map.of("app.kubernetes.io/part-of", "sluice", "app.kubernetes.io/managed-by",
            ClusterNames.MANAGED_BY, "sluice.dev/slo", slo.getMetadata().getName()))
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("groups", groups)))
        .build();
    applier.apply(slo, List.of(rule));
  }

  private boolean kindExists() {
    Instant now = clock.instant();
    if (checkedAt == null || !now.isBefore(checkedAt.plus(recheck)) || now.isBefore(checkedAt)) {
      supported = client.supports(API_VERSION, KIND);
      checkedAt = now;
    }
    return supported;
  }
}
