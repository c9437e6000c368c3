package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.util.HashMap;
import java.util.Map;
import java.time.Instant;
import java.util.Optional;

/**
 * What the informers hold of one Pipeline's cluster during a reconcile. Whatever the reconcile
 * applies is put into the informers' caches too, so the next reconcile sees its own writes even
 * before the watch delivers them.
 */
final class ClusterState {

  private final Context<Pipeline> context;
  private final ClusterNames names;
  private final Map<String, HasMetadata> owned = new HashMap<>();

  private ClusterState(Context<Pipeline> context, ClusterNames names) {
    this.context = context;
    this.names = names;
  }

  static ClusterState of(Pipeline pipeline, Context<Pipeline> context) {
    ClusterState state = new ClusterState(context, ClusterNames.of(pipeline));
    for (Class<? extends HasMetadata> kind : OwnedResources.KINDS) {
      context.getSecondaryResources(kind).forEach(resource -> state.owned.put(key(resource), resource));
    }
    return state;
  }

  private static String key(HasMetadata resource) {
    return resource.getKind() + "/" + resource.getMetadata().getName();
  }

  /** The cached copy of a resource the operator wants, found by its kind and name. */
  Optional<HasMetadata> find(HasMetadata desired) {
    return Optional.ofNullable(owned.get(key(desired)));
  }

  Optional<Deployment> deployment(String name) {
    return Optional.ofNullable((Deployment) owned.get("Deployment/" + name));
  }

  /** Whether the Pipeline's job manager is scaled up. */
  boolean jobManagerUp() {
    return deployment(names.jobManager()).map(d -> d.getSpec().getReplicas())
        .filter(replicas -> replicas > 0).isPresent();
  }

  /**
   * Since when the scaled-up job manager Deployment has had no available pod, as the Deployment
   * controller's Available condition says; empty while it has one, or is scaled down.
   */
  Optional<Instant> jobManagerUnavailableSince() {
    return deployment(names.jobManager())
        .filter(d -> d.getSpec().getReplicas() != null && d.getSpec().getReplicas() > 0 && d.getStatus() != null)
        .flatMap(d -> d.getStatus().getConditions().stream()
            .filter(c -> "Available".equals(c.getType()) && "False".equals(c.getStatus())
                && c.getLastTransitionTime() != null)
            .findFirst())
        .map(c -> Instant.parse(c.getLastTransitionTime()));
  }

  /** What the cluster was last applied with, read from its plan ConfigMap. */
  Optional<ClusterApplier.Deployed> deployed() {
    return dataOf(names.configMap())
        .filter(data -> data.containsKey(FlinkCluster.PLAN_KEY))
        .map(data -> new ClusterApplier.Deployed(PlanJson.read(data.get(FlinkCluster.PLAN_KEY)),
            FlinkConfiguration.setting(data.getOrDefault(FlinkCluster.FLINK_CONFIG_KEY, ""),
                FlinkConfiguration.RESTORE_PATH).orElse(null)));
  }

  /** The parallelism the cluster was last applied with: a rescale changes it when it applies. */
  Optional<Integer> deployedParallelism() {
    return deployed().map(deployed -> deployed.plan().parallelism());
  }

  /** The plan kept in one of the Pipeline's ConfigMaps, if it exists. */
  Optional<PipelinePlan> planIn(String configMap) {
    return dataOf(configMap).map(data -> data.get(FlinkCluster.PLAN_KEY)).map(PlanJson::read);
  }

  private Optional<Map<String, String>> dataOf(String configMap) {
    return Optional.ofNullable((ConfigMap) owned.get("ConfigMap/" + configMap)).map(ConfigMap::getData);
  }

  /** Records what an apply returned, here and in its informer's cache. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  void applied(HasMetadata resource) {
    HasMetadata previous = owned.put(key(resource), resource);
    InformerEventSource source = (InformerEventSource) context.eventSourceRetriever()
        .getEventSourceFor(resource.getClass());
    ResourceID id = ResourceID.fromResource(resource);
    if (previous == null) {
      source.handleRecentResourceCreate(id, resource);
    } else {
      source.handleRecentResourceUpdate(id, resource, previous);
    }
  }
}
