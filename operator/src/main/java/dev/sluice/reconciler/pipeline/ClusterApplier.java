package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.operator.SluiceOperator;
import dev.sluice.plan.PipelinePlan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;

/**
 * Applies desired resources with server-side apply under the operator's one field manager, each
 * owned by its Pipeline, so that GitOps tools see no drift and deleting the Pipeline removes them.
 */
public class ClusterApplier {

  private final KubernetesClient client;

  public ClusterApplier(KubernetesClient client) {
    this.client = client;
  }

  /**
   * What the cluster was last applied with.
   *
   * @param restorePath the savepoint or checkpoint it was deployed to start from, or null; steps
   *     that only change replicas keep it, so that the job manager's pod is not rolled
   */
  public record Deployed(PipelinePlan plan, String restorePath) {
  }

  void apply(Pipeline owner, List<HasMetadata> resources, ClusterState state) {
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
      state.applied(client.resource(resource).fieldManager(SluiceOperator.FIELD_MANAGER).forceConflicts()
          .serverSideApply());
    }
  }
}
