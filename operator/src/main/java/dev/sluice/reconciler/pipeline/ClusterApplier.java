package dev.sluice.reconciler.pipeline;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.operator.SluiceOperator;
import dev.sluice.plan.PipelinePlan;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.util.List;
import java.util.Map;

/**
 * Applies desired resources with server-side apply under the operator's one field manager, each
 * owned by its Pipeline (or SLO), so that GitOps tools see no drift and deleting the owner removes them.
 */
public class ClusterApplier {

  private static final String RECREATE_WITHOUT_ROLLING_UPDATE =
      "{\"spec\": {\"strategy\": {\"type\": \"Recreate\", \"rollingUpdate\": null}}}";
  /** Flink's key prefix for a submitted job's plan in the HA ConfigMap. */
  static final String EXECUTION_PLAN_PREFIX = "executionPlan-";
  /** The labels Flink's Kubernetes HA puts on its ConfigMaps: the cluster id, and their use. */
  static final String HA_CLUSTER_LABEL = "app";
  static final String HA_TYPE_LABEL = "configmap-type";
  static final String HA_TYPE = "high-availability";

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

  /**
   * The Pipeline's task manager pods that are Pending, as the API server has them: asked only when
   * a desired parallelism has stayed unscheduled for long, so no informer on pods is kept for it.
   */
  public List<Pod> pendingTaskManagers(Pipeline pipeline) {
    return client.pods().inNamespace(pipeline.getMetadata().getNamespace())
        .withLabels(ClusterNames.of(pipeline).selector("taskmanager")).list().getItems().stream()
        .filter(pod -> pod.getStatus() != null && "Pending".equals(pod.getStatus().getPhase()))
        .toList();
  }

  /**
   * Removes the execution plans that Flink's Kubernetes HA keeps for the Pipeline's cluster. A job
   * manager that finds one recovers that job instead of submitting the plan it was started with, so
   * a last-state upgrade would run the old SQL; the job's checkpoints are kept elsewhere and still
   * restore into the new plan. Asked only when another plan is deployed, so no informer is kept for it.
   */
  void forgetRecoverablePlans(Pipeline pipeline) {
    var ha = client.configMaps().inNamespace(pipeline.getMetadata().getNamespace())
        .withName(ClusterNames.of(pipeline).haClusterConfigMap());
    ConfigMap kept = ha.get();
    if (kept == null || kept.getData() == null) {
      return;
    }
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    ObjectNode removed = patch.putObject("data");
    kept.getData().keySet().stream().filter(key -> key.startsWith(EXECUTION_PLAN_PREFIX)).forEach(removed::putNull);
    if (!removed.isEmpty()) {
      ha.patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    }
  }

  /**
   * Whether no job manager pod of the Pipeline's cluster exists, terminating ones included. Asked
   * only before a start from a savepoint, so no informer on pods is kept for it.
   */
  boolean jobManagerGone(Pipeline pipeline) {
    return client.pods().inNamespace(pipeline.getMetadata().getNamespace())
        .withLabels(ClusterNames.of(pipeline).selector("jobmanager")).list().getItems().isEmpty();
  }

  /**
   * Deletes what Flink's Kubernetes HA keeps for the Pipeline's cluster: the cluster's ConfigMap
   * (leaders, execution plans) and each job's (checkpoint pointers and counter). The job id is the
   * same for every plan, so a job manager that finds checkpoints there restores the latest of them
   * and ignores the savepoint it was started with. Only while no job manager runs; the next one
   * starts afresh.
   */
  void forgetHighAvailability(Pipeline pipeline) {
    var configMaps = client.configMaps().inNamespace(pipeline.getMetadata().getNamespace());
    configMaps.withLabels(Map.of(HA_CLUSTER_LABEL, ClusterNames.of(pipeline).clusterId(), HA_TYPE_LABEL,
            HA_TYPE)).list().getItems()
        .forEach(kept -> configMaps.withName(kept.getMetadata().getName()).delete());
  }

  /** Applies a Pipeline's resources and records what the API server answered in the informers' cache. */
  void apply(Pipeline owner, List<HasMetadata> resources, ClusterState state) {
    for (HasMetadata resource : resources) {
      state.applied(applyOwned(owner, resource));
    }
  }

  /** Applies {@code resources} owned (and garbage collected) with {@code owner}. */
  public void apply(HasMetadata owner, List<HasMetadata> resources) {
    resources.forEach(resource -> applyOwned(owner, resource));
  }

  private HasMetadata applyOwned(HasMetadata owner, HasMetadata resource) {
    resource.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build()));
    try {
      return serverSideApply(resource);
    } catch (KubernetesClientException e) {
      if (!(resource instanceof Deployment deployment) || !strategyForbidsDefaultedRollingUpdate(deployment, e)) {
        throw e;
      }
      // A Deployment first applied without a strategy keeps the rollingUpdate settings the API
      // server defaulted, which no field manager owns and so no apply removes; Recreate forbids them.
      client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
          .withName(deployment.getMetadata().getName())
          .patch(PatchContext.of(PatchType.JSON_MERGE), RECREATE_WITHOUT_ROLLING_UPDATE);
      return serverSideApply(resource);
    }
  }

  private HasMetadata serverSideApply(HasMetadata resource) {
    return client.resource(resource).fieldManager(SluiceOperator.FIELD_MANAGER).forceConflicts().serverSideApply();
  }

  private static boolean strategyForbidsDefaultedRollingUpdate(Deployment deployment, KubernetesClientException e) {
    return e.getCode() == 422 && deployment.getSpec().getStrategy() != null
        && "Recreate".equals(deployment.getSpec().getStrategy().getType())
        && String.valueOf(e.getMessage()).contains("spec.strategy.rollingUpdate");
  }
}
