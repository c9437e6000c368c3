package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.PodOverrides;
import dev.sluice.api.pipeline.ProcessResources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The job manager and task manager Deployments. Both run the runtime image with a role
 * argument; the plan and the Flink configuration come from the plan ConfigMap, mounted
 * read-only, credentials come from Secrets as environment variables, and file:// state storage
 * comes from a volume claim (the Pipeline's, or the operator's default), mounted in every pod at
 * the storage's path.
 */
final class FlinkPods {

  static final String CONFIG_VOLUME = "sluice-plan";
  static final String CONFIG_DIR = "/etc/sluice";
  static final String STORAGE_VOLUME = "sluice-storage";
  /** The runtime image's user (runtime-image/job/Dockerfile): a claim's files become writable by its group. */
  static final long RUNTIME_GROUP = 9999L;
  static final String PLAN_ANNOTATION = "sluice.dev/plan-hash";
  /**
   * The savepoint or checkpoint the job manager starts from. A new one rolls the pod, so a resumed
   * job starts in a new pod that mounts the new configuration, even when the scale-down to zero
   * before it was never acted on.
   */
  static final String RESTORE_ANNOTATION = "sluice.dev/restore-from";

  private FlinkPods() {
  }

  static Deployment jobManager(ClusterInputs inputs, StateStorage storage) {
    ProcessResources resources = inputs.pipeline().getSpec().resources().jobManager();
    Container container = container(inputs, "jobmanager", resources.cpu(), resources.memory(), storage);
    container.getPorts().addAll(List.of(
        new ContainerPortBuilder().withName("rpc").withContainerPort(FlinkConfiguration.RPC_PORT).build(),
        new ContainerPortBuilder().withName("blob").withContainerPort(FlinkConfiguration.BLOB_PORT).build(),
        new ContainerPortBuilder().withName("rest").withContainerPort(FlinkConfiguration.REST_PORT).build()));
    // The REST Service routes to the pod only once Flink's REST server listens.
    container.setReadinessProbe(new ProbeBuilder().withNewTcpSocket().withNewPort("rest").endTcpSocket()
        .withPeriodSeconds(2).build());
    // One job manager; Kubernetes HA recovers its state when the pod is replaced.
    Deployment deployment = deployment(inputs, "jobmanager", ClusterNames.of(inputs.pipeline()).jobManager(),
        inputs.running() ? 1 : 0, container, storage);
    // Never two job managers of one cluster at once: the old pod goes before the new one starts.
    deployment.getSpec().setStrategy(new DeploymentStrategyBuilder().withType("Recreate").build());
    if (inputs.restorePath() != null) {
      deployment.getSpec().getTemplate().getMetadata().getAnnotations().put(RESTORE_ANNOTATION, inputs.restorePath());
    }
    return deployment;
  }

  static Deployment taskManager(ClusterInputs inputs, StateStorage storage) {
    var resources = inputs.pipeline().getSpec().resources().taskManager();
    Container container = container(inputs, "taskmanager", resources.cpu(), resources.memory(), storage);
    container.getPorts().add(new ContainerPortBuilder().withName("rpc")
        .withContainerPort(FlinkConfiguration.TASK_MANAGER_RPC_PORT).build());
    Deployment deployment = deployment(inputs, "taskmanager", ClusterNames.of(inputs.pipeline()).taskManager(),
        inputs.running() ? inputs.taskManagers() : 0, container, storage);
    // A new plan's task managers serve a new job, which starts after the old one stopped: rolling
    // them would only ask the node for room for one more task manager during every upgrade.
    deployment.getSpec().setStrategy(new DeploymentStrategyBuilder().withType("Recreate").build());
    return deployment;
  }

  private static Deployment deployment(ClusterInputs inputs, String component, String name, int replicas,
      Container container, StateStorage storage) {
    ClusterNames names = ClusterNames.of(inputs.pipeline());
    return new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(inputs.pipeline().getMetadata().getNamespace())
        .withLabels(names.labels(component)).endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector().withMatchLabels(names.selector(component)).endSelector()
        .withTemplate(podTemplate(inputs, component, container, storage))
        .endSpec()
        .build();
  }

  private static PodTemplateSpec podTemplate(ClusterInputs inputs, String component, Container container,
      StateStorage storage) {
    ClusterNames names = ClusterNames.of(inputs.pipeline());
    PodOverrides overrides = inputs.pipeline().getSpec().resources().podTemplate();
    Map<String, String> labels = new HashMap<>(overrides.labels());
    labels.putAll(names.labels(component));
    Map<String, String> annotations = new HashMap<>(overrides.annotations());
    annotations.put(PLAN_ANNOTATION, inputs.plan().hash());
    annotations.put("prometheus.io/scrape", "true");
    annotations.put("prometheus.io/port", String.valueOf(FlinkConfiguration.METRICS_PORT));
    PodTemplateSpec template = new PodTemplateSpecBuilder()
        .withNewMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
        .withNewSpec()
        .withServiceAccountName(names.serviceAccount())
        .withContainers(container)
        .withTolerations(overrides.tolerations())
        .withNodeSelector(overrides.nodeSelector().isEmpty() ? null : overrides.nodeSelector())
        .addNewVolume().withName(CONFIG_VOLUME).withNewConfigMap().withName(names.configMap()).endConfigMap()
        .endVolume()
        .endSpec()
        .build();
    // The kubelet refuses to start a container that would run as root, from a custom image too (whose
    // USER must then be numeric, as the runtime image's is, for the kubelet to tell).
    PodSecurityContextBuilder security = new PodSecurityContextBuilder().withRunAsNonRoot(true);
    String claim = storage.volumeClaim();
    if (claim != null) {
      template.getSpec().getVolumes().add(new VolumeBuilder().withName(STORAGE_VOLUME)
          .withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim().build());
      security.withFsGroup(RUNTIME_GROUP);
    }
    template.getSpec().setSecurityContext(security.build());
    return template;
  }

  /** Where a volume claim is mounted: the path of the file:// storage it holds. */
  static String storageMountPath(String storage) {
    return URI.create(storage).getPath();
  }

  private static Container container(ClusterInputs inputs, String role, String cpu, String memory,
      StateStorage storage) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVarBuilder().withName("FLINK_CONF_DIR").withValue(CONFIG_DIR).build());
    env.add(new EnvVarBuilder().withName("POD_IP").withNewValueFrom().withNewFieldRef()
        .withFieldPath("status.podIP").endFieldRef().endValueFrom().build());
    inputs.plan().secretEnv().forEach(secret -> env.add(new EnvVarBuilder().withName(secret.envName())
        .withNewValueFrom().withNewSecretKeyRef().withName(secret.secretName()).withKey(secret.key())
        .endSecretKeyRef().endValueFrom().build()));
    Container container = new ContainerBuilder()
        .withName(role)
        .withImage(inputs.image())
        .withArgs(role)
        .withEnv(env)
        // No CPU limit: a JVM throttled to a small request took minutes to start and plan its SQL;
        // unthrottled, it uses the node's idle cores. Memory is bounded, as Flink sizes itself to it.
        .withNewResources()
        .withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory)))
        .withLimits(Map.of("memory", new Quantity(memory)))
        .endResources()
        .addNewVolumeMount().withName(CONFIG_VOLUME).withMountPath(CONFIG_DIR).withReadOnly(true).endVolumeMount()
        .addNewPort().withName(FlinkConfiguration.METRICS_PORT_NAME).withContainerPort(FlinkConfiguration.METRICS_PORT).endPort()
        .build();
    if (storage.volumeClaim() != null) {
      container.getVolumeMounts().add(new VolumeMountBuilder().withName(STORAGE_VOLUME)
          .withMountPath(storageMountPath(storage.uri())).build());
    }
    return container;
  }
}
