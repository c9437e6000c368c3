package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.operator.SluiceOperator;
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
