package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;

import java.util.Map;

/** Names and labels of what the operator creates for one Pipeline. */
public record ClusterNames(String pipeline) {

  public static final String MANAGED_BY = "sluice-operator";
  public static final String PIPELINE_LABEL = "sluice.dev/pipeline";

  public static ClusterNames of(Pipeline pipeline) {
    return new ClusterNames(pipeline.getMetadata().getName());
  }

  public String configMap() {
    return pipeline + "-plan";
  }

  /** A copy of the last stable plan, which a rollback deploys. */
  public String stablePlan() {
    return pipeline + "-stable-plan";
  }

  public String jobManager() {
    return pipeline + "-jobmanager";
  }

  public String taskManager() {
    return pipeline + "-taskmanager";
  }

  /** The REST endpoint: the operator's observer and kubectl port-forward use it. */
  public String restService() {
    return pipeline + "-rest";
  }

  public String serviceAccount() {
    return pipeline + "-flink";
  }

  /** The Role and RoleBinding that let Flink's Kubernetes HA services keep leader ConfigMaps. */
  public String haRole() {
    return pipeline + "-flink-ha";
  }

  /** Flink's Kubernetes HA cluster id; it prefixes the leader ConfigMaps Flink creates. */
  public String clusterId() {
    return "sluice-" + pipeline;
  }

  /** The ConfigMap where Flink's Kubernetes HA keeps the leaders and the submitted execution plans. */
  public String haClusterConfigMap() {
    return clusterId() + "-cluster-config-map";
  }

  /** The standard labels, for a component such as jobmanager or taskmanager. */
  public Map<String, String> labels(String component) {
    return Map.of(
        "app.kubernetes.io/name", "flink",
        "app.kubernetes.io/instance", pipeline,
        "app.kubernetes.io/component", component,
        "app.kubernetes.io/part-of", "sluice",
        "app.kubernetes.io/managed-by", MANAGED_BY,
        PIPELINE_LABEL, pipeline);
  }

  /** The labels that select one component's pods; stable across upgrades. */
  public Map<String, String> selector(String component) {
    return Map.of(PIPELINE_LABEL, pipeline, "app.kubernetes.io/component", component);
  }
}
