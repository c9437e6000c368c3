package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.operator.SluiceOperator;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
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

  /** The plan the cluster was last applied with, read back from its ConfigMap. */
  public Optional<PipelinePlan> deployedPlan(Pipeline pipeline) {
    return planIn(pipeline, ClusterNames.of(pipeline).configMap());
  }

  /**
   * The savepoint or checkpoint the cluster was last deployed to start from; steps that only
   * change replicas keep it, so that the job manager's pod is not rolled.
   */
  public String deployedRestorePath(Pipeline pipeline) {
    ConfigMap plan = client.configMaps().inNamespace(pipeline.getMetadata().getNamespace())
        .withName(ClusterNames.of(pipeline).configMap()).get();
    return plan == null || plan.getData() == null ? null
        : FlinkConfiguration.setting(plan.getData().get(FlinkCluster.FLINK_CONFIG_KEY), FlinkConfiguration.RESTORE_PATH)
            .orElse(null);
  }

  /** The plan kept in one of the Pipeline's ConfigMaps, if it exists. */
  Optional<PipelinePlan> planIn(Pipeline pipeline, String configMap) {
    ConfigMap plan = client.configMaps().inNamespace(pipeline.getMetadata().getNamespace()).withName(configMap).get();
    return Optional.ofNullable(plan).map(ConfigMap::getData).map(data -> data.get(FlinkCluster.PLAN_KEY))
        .map(PlanJson::read);
  }

  public void apply(Pipeline owner, List<HasMetadata> resources) {
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
