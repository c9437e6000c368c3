package dev.sluice.reconciler.pipeline;

import dev.sluice.operator.SluiceOperator;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A Deployment applied before its strategy became Recreate (by an older operator) carries the
 * rollingUpdate settings the API server defaulted; applying Recreate over it must still succeed.
 */
@ExtendWith(RealApiServer.class)
class DeploymentStrategyTest {

  @Test
  void recreateReplacesTheDefaultedRollingUpdateOfAnEarlierApply(ApiServer api) {
    String namespace = api.newNamespace("strategy");
    ConfigMap owner = api.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("owner").endMetadata().build()).create();
    Deployment earlier = taskManagers(namespace);
    api.client().resource(earlier).fieldManager(SluiceOperator.FIELD_MANAGER).forceConflicts().serverSideApply();
    assertEquals("RollingUpdate", read(api, namespace).getSpec().getStrategy().getType(), "the API server's default");

    Deployment recreate = taskManagers(namespace);
    recreate.getSpec().setStrategy(new DeploymentStrategyBuilder().withType("Recreate").build());
    new ClusterApplier(api.client()).apply(owner, List.of(recreate));

    Deployment applied = read(api, namespace);
    assertEquals("Recreate", applied.getSpec().getStrategy().getType());
    assertNull(applied.getSpec().getStrategy().getRollingUpdate());
    assertEquals(owner.getMetadata().getUid(), applied.getMetadata().getOwnerReferences().get(0).getUid());
  }

  private static Deployment read(ApiServer api, String namespace) {
    return api.client().apps().deployments().inNamespace(namespace).withName("counts-taskmanager").get();
  }

  private static Deployment taskManagers(String namespace) {
    Map<String, String> labels = Map.of("app", "counts-taskmanager");
    return new DeploymentBuilder()
        .withNewMetadata().withName("counts-taskmanager").withNamespace(namespace).endMetadata()
        .withNewSpec().withReplicas(0).withNewSelector().withMatchLabels(labels).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
        .withNewSpec().addNewContainer().withName("taskmanager").withImage("sluice/runtime:0.1.0").endContainer()
        .endSpec().endTemplate().endSpec()
        .build();
  }
}
