package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a copy of each Pipeline's last stable plan in a ConfigMap it owns. A rollback needs the
 * plan itself, and by then the Pipeline's spec already describes the plan that failed.
 */
public class StablePlans {

  private final ClusterApplier applier;

  public StablePlans(ClusterApplier applier) {
    this.applier = applier;
  }

  private void remember(Pipeline pipeline, PipelinePlan plan, ClusterState state) {
    ClusterNames names = ClusterNames.of(pipeline);
    ConfigMap configMap = new ConfigMapBuilder()
        .withNewMetadata().withName(names.stablePlan()).withNamespace(pipeline.getMetadata().getNamespace())
        .withLabels(names.labels("stable-plan"))
        .withAnnotations(Map.of(FlinkPods.PLAN_ANNOTATION, plan.hash()))
        .endMetadata()
        .withData(Map.of(FlinkCluster.PLAN_KEY, PlanJson.write(plan)))
        .build();
    applier.apply(pipeline, List.of(configMap), state);
  }

  /**
   * Marks the deployed plan stable once its job runs and has completed a checkpoint, which the
   * caller has seen: a job that fails and restarts never gets that far, and a rollback returns to
   * the last plan that did.
   */
  void markStable(Pipeline pipeline, PipelinePlan wanted, PipelineStatus status, ClusterState state) {
    if (status.getPlanHash().equals(status.getLastStablePlanHash())) {
      return;
    }
    Optional<PipelinePlan> deployed = wanted.hash().equals(status.getPlanHash()) ? Optional.of(wanted)
        : state.deployed().map(ClusterApplier.Deployed::plan)
            .filter(kept -> kept.hash().equals(status.getPlanHash()));
    deployed.ifPresent(plan -> {
      remember(pipeline, plan, state);
      status.setLastStablePlanHash(plan.hash());
    });
  }

  Optional<PipelinePlan> stable(Pipeline pipeline, ClusterState state) {
    return state.planIn(ClusterNames.of(pipeline).stablePlan());
  }
}
