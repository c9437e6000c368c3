package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.operator.SluiceOperator;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies desired resources with server-side apply under the operator's one field manager, each
 * owned by its Pipeline, so that GitOps tools see no drift and deleting the Pipeline removes them.
 */
public class ClusterApplier {

  private final KubernetesClient client;

  public ClusterApplier(KubernetesClient client) {
    this.client = client;
  }

  /** Whether the Pipeline's job manager is scaled up, as the API server has it. */
  public boolean isUp(Pipeline pipeline) {
    Deployment jobManager = client.apps().deployments().inNamespace(pipeline.getMetadata().getNamespace())
        .withName(ClusterNames.of(pipeline).jobManager()).get();
    return jobManager != null && jobManager.getSpec().getReplicas() != null && jobManager.getSpec().getReplicas() > 0;
  }

  /** The Pipeline's task manager pods that are Pending, as the API server has them. */
  public List<Pod> pendingTaskManagers(Pipeline pipeline) {
    return client.pods().inNamespace(pipeline.getMetadata().getNamespace())
        .withLabels(ClusterNames.of(pipeline).selector("taskmanager")).list().getItems().stream()
        .filter(pod -> pod.getStatus() != null && "Pending".equals(pod.getStatus().getPhase()))
        .toList();
  }

  /**
   * What the cluster was last applied with.
   *
   * @param restorePath the savepoint or checkpoint it was deployed to start from, or null; steps
   *     that only change replicas keep it, so that the job manager's pod is not rolled
   */
  public record Deployed(PipelinePlan plan, String restorePath) {
  }

  /** What the cluster was last applied with, read back from its plan ConfigMap. */
  public Optional<Deployed> deployed(Pipeline pipeline) {
    return dataOf(pipeline, ClusterNames.of(pipeline).configMap())
        .filter(data -> data.containsKey(FlinkCluster.PLAN_KEY))
        .map(data -> new Deployed(PlanJson.read(data.get(FlinkCluster.PLAN_KEY)),
            FlinkConfiguration.setting(data.getOrDefault(FlinkCluster.FLINK_CONFIG_KEY, ""),
                FlinkConfiguration.RESTORE_PATH).orElse(null)));
  }

  /** The plan kept in one of the Pipeline's ConfigMaps, if it exists. */
  Optional<PipelinePlan> planIn(Pipeline pipeline, String configMap) {
    return dataOf(pipeline, configMap).map(data -> data.get(FlinkCluster.PLAN_KEY)).map(PlanJson::read);
  }

  private Optional<Map<String, String>> dataOf(Pipeline pipeline, String configMap) {
    return Optional.ofNullable(client.configMaps().inNamespace(pipeline.getMetadata().getNamespace())
        .withName(configMap).get()).map(ConfigMap::getData);
  }

  /** Applies {@code resources} under the operator's field manager, owned (and garbage collected) with {@code owner}. */
  public void apply(HasMetadata owner, List<HasMetadata> resources) {
    var reference = new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
    for (HasMetadata resource : resources) {
      resource.getMetadata().setOwnerReferences(List.of(reference));
      client.resource(resource).fieldManager(SluiceOperator.FIELD_MANAGER).forceConflicts().serverSideApply();
    }
  }
}
