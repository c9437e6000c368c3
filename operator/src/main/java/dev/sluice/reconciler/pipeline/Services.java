package dev.sluice.reconciler.pipeline;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;

import java.util.List;

/** The job manager's RPC Service, which task managers dial, and its REST Service. */
final class Services {

  private Services() {
  }

  static List<HasMetadata> resources(ClusterNames names, String namespace) {
    var rpc = new ServiceBuilder()
        .withNewMetadata().withName(names.jobManager()).withNamespace(namespace)
        .withLabels(names.labels("jobmanager")).endMetadata()
        .withNewSpec()
        .withSelector(names.selector("jobmanager"))
        .withPorts(port("rpc", FlinkConfiguration.RPC_PORT), port("blob", FlinkConfiguration.BLOB_PORT))
        .endSpec()
        .build();
    var rest = new ServiceBuilder()
        .withNewMetadata().withName(names.restService()).withNamespace(namespace)
        .withLabels(names.labels("jobmanager")).endMetadata()
        .withNewSpec()
        .withSelector(names.selector("jobmanager"))
        .withPorts(port("rest", FlinkConfiguration.REST_PORT))
        .endSpec()
        .build();
    return List.of(rpc, rest);
  }

  private static ServicePort port(String name, int port) {
    return new ServicePortBuilder().withName(name).withPort(port).withNewTargetPort(port).withProtocol("TCP").build();
  }
}
