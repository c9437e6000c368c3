package dev.sluice.benchmark;

import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.reconciler.pipeline.ClusterInputs;
import dev.sluice.reconciler.pipeline.FlinkCluster;
import dev.sluice.reconciler.pipeline.StateStorage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.util.List;

/**
 * The floor a Pipeline's deployment cannot go below: a bare client server-side-applies the
 * objects the operator would (plan ConfigMap, RBAC, Services, job manager and task manager
 * Deployments, rendered by the operator's own {@link FlinkCluster}), each owned by the Pipeline,
 * then applies a status with phase Deploying. It plans nothing, validates nothing, reads nothing
 * and keeps no state: what is left is the API server's own cost of the same writes. It writes
 * with the plain client rather than the operator's applier, whose shape is the operator's to change.
 */
final class Floor {

  static final String USER_AGENT = "sluice-floor";

  private final KubernetesClient client;

  Floor(KubernetesClient client) {
    this.client = client;
  }

  /** @param plan the Pipeline's plan, made before the clock started */
  void deploy(Pipeline pipeline, PipelinePlan plan) {
    int parallelism = plan.parallelism();
    ClusterInputs inputs = new ClusterInputs(pipeline, plan, OperatorProcess.RUNTIME_IMAGE,
        pipeline.getSpec().resources().taskManager().replicasFor(parallelism), null, true);
    OwnerReference owner = new OwnerReferenceBuilder().withApiVersion(pipeline.getApiVersion())
        .withKind(pipeline.getKind()).withName(pipeline.getMetadata().getName())
        .withUid(pipeline.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build();
    for (HasMetadata resource : FlinkCluster.desired(inputs,
        new StateStorage(OperatorProcess.STORAGE, OperatorProcess.VOLUME_CLAIM))) {
      resource.getMetadata().setOwnerReferences(List.of(owner));
      client.resource(resource).fieldManager(USER_AGENT).forceConflicts().serverSideApply();
    }
    Pipeline status = new Pipeline();
    status.setMetadata(new ObjectMetaBuilder().withNamespace(pipeline.getMetadata().getNamespace())
        .withName(pipeline.getMetadata().getName()).build());
    status.setStatus(new PipelineStatus());
    status.getStatus().setPhase(Phase.Deploying);
    status.getStatus().setPlanHash(plan.hash());
    client.resource(status).subresource("status").patch(new PatchContext.Builder()
        .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(USER_AGENT).withForce(true).build());
  }
}
