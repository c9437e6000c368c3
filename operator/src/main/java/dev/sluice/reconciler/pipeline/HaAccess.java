package dev.sluice.reconciler.pipeline;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;

import java.util.List;

/**
 * The identity of a Pipeline's Flink pods, allowed what Flink's Kubernetes HA services need:
 * leader election and job metadata in ConfigMaps of the Pipeline's namespace, nothing more.
 */
final class HaAccess {

  private HaAccess() {
  }

  static List<HasMetadata> resources(ClusterNames names, String namespace) {
    var serviceAccount = new ServiceAccountBuilder()
        .withNewMetadata().withName(names.serviceAccount()).withNamespace(namespace)
        .withLabels(names.labels("flink")).endMetadata()
        .build();
    var role = new RoleBuilder()
        .withNewMetadata().withName(names.haRole()).withNamespace(namespace)
        .withLabels(names.labels("flink")).endMetadata()
        .withRules(new PolicyRuleBuilder()
            .withApiGroups("")
            .withResources("configmaps")
            .withVerbs("get", "list", "watch", "create", "update", "patch", "delete")
            .build())
        .build();
    var binding = new RoleBindingBuilder()
        .withNewMetadata().withName(names.haRole()).withNamespace(namespace)
        .withLabels(names.labels("flink")).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(names.haRole())
        .endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(names.serviceAccount()).withNamespace(namespace)
        .endSubject()
        .build();
    return List.of(serviceAccount, role, binding);
  }
}
