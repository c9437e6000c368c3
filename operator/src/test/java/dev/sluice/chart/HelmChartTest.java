package dev.sluice.chart;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.lineage.LineageSettings;
import dev.sluice.reconciler.pipeline.ClusterNames;
import dev.sluice.reconciler.pipeline.FlinkConfiguration;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import dev.sluice.testing.TestPaths;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart, with real Helm against a real API server: it lints, refuses values its schema does
 * not allow, installs the operator's objects with the values given, and uninstalls cleanly; what
 * depends on the values or on the cluster's APIs (monitors, disruption budget, dashboard) is
 * checked in what helm template renders. No kubelet runs here, so the operator
 * pod itself does not start; that is the end-to-end tests' part.
 */
@ExtendWith(RealApiServer.class)
class HelmChartTest {

  private static final String CHART = TestPaths.repoRoot().resolve("helm/sluice").toString();
  private static final String MONITORING = "monitoring.coreos.com/v1";

  @Test
  void lints() throws Exception {
    String out = helm(null, "lint", "--strict", CHART);
    assertTrue(out.contains("0 chart(s) failed"), out);
    // The templates that the defaults leave out: lint has no --api-versions for the monitors.
    String switched = helm(null, "lint", "--strict", CHART, "--set", "dashboard.enabled=true", "--set", "replicas=1",
        "--set", "watchNamespaces={team-a}");
    assertTrue(switched.contains("0 chart(s) failed"), switched);
  }

  @Test
  void installsTheOperatorAndUninstallsCleanly(ApiServer api) throws Exception {
    String namespace = api.newNamespace("sluice-system");
    helm(api, "install", "sluice", CHART, "--namespace", namespace,
        "--set", "runtimeImage=registry.local/sluice/runtime:1.2.3",
        "--set", "defaultStorage=s3://state/sluice", "--set", "dashboard.enabled=true");

    Deployment deployment = api.client().apps().deployments().inNamespace(namespace).withName("sluice").get();
    assertEquals(2, deployment.getSpec().getReplicas());
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("sluice/operator:0.1.0", container.getImage());
    Map<String, String> env = container.getEnv().stream().filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    assertEquals("registry.local/sluice/runtime:1.2.3", env.get("SLUICE_RUNTIME_IMAGE"));
    assertEquals("s3://state/sluice", env.get("SLUICE_DEFAULT_STORAGE"));
    assertEquals("true", env.get("SLUICE_LEADER_ELECTION"));
    assertEquals("info", env.get("SLUICE_LOG_LEVEL"));
    assertEquals("/healthz", container.getLivenessProbe().getHttpGet().getPath());
    assertEquals("/readyz", container.getReadinessProbe().getHttpGet().getPath());
    assertEquals("IfNotPresent", container.getImagePullPolicy(), "locally loaded images are used as they are");
    assertEquals(8080, container.getPorts().get(0).getContainerPort(), "the operator's SLUICE_HTTP_PORT");
    assertEquals("8080", env.get("SLUICE_HTTP_PORT"));
    assertEquals("http", container.getLivenessProbe().getHttpGet().getPort().getStrVal(), "probes use that port");
    assertEquals("http", container.getReadinessProbe().getHttpGet().getPort().getStrVal());
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertTrue(pod.getSecurityContext().getRunAsNonRoot(), "never root");
    assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem(), "a read-only root filesystem");
    assertFalse(container.getSecurityContext().getAllowPrivilegeEscalation());
    var tmp = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst()
        .orElseThrow(() -> new AssertionError("no writable /tmp for the JVM and Netty's native libraries"));
    assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getName().equals(tmp.getName()) && v.getEmptyDir() != null),
        "/tmp is an emptyDir");

    ClusterRole role = api.client().rbac().clusterRoles().withName("sluice").get();
    assertTrue(role.getRules().stream().anyMatch(rule -> rule.getApiGroups().contains("sluice.dev")
        && rule.getResources().contains("pipelines/status")), "the operator may write Pipeline status");
    assertTrue(role.getRules().stream().anyMatch(rule -> rule.getApiGroups().contains("monitoring.coreos.com")
        && rule.getResources().contains("prometheusrules") && rule.getVerbs().contains("patch")),
        "the operator may apply an SLO's PrometheusRule");
    assertTrue(role.getRules().stream().anyMatch(rule -> rule.getResources().contains("servicelevelobjectives/finalizers")),
        "an SLO may own its history ConfigMap and PrometheusRule with blockOwnerDeletion");
    assertFalse(role.getRules().stream().anyMatch(rule -> rule.getResources().contains("secrets")
        && rule.getVerbs().stream().anyMatch(v -> v.equals("create") || v.equals("update"))),
        "the operator never writes Secrets");
    assertTrue(api.client().rbac().roles().inNamespace(namespace).withName("sluice-leader-election").get()
        .getRules().get(0).getResources().contains("leases"));

    var lease = api.client().leases().inNamespace(namespace).withName("sluice-operator-leader").get();
    assertEquals("sluice", lease.getMetadata().getLabels().get("app.kubernetes.io/part-of"),
        "the chart makes the operator's leader Lease, expired so that the first replica takes it");

    assertEquals(1, api.client().policy().v1().podDisruptionBudget().inNamespace(namespace).withName("sluice").get()
        .getSpec().getMinAvailable().getIntVal(), "two replicas: one stays through a drain");
    assertTrue(api.client().configMaps().inNamespace(namespace).withName("sluice-dashboard").get().getData()
        .containsKey("sluice.json"));

    // No kubelet runs the pre-delete check here: KafkaToKafkaE2E runs it on a real node.
    helm(api, "uninstall", "sluice", "--namespace", namespace, "--wait", "--no-hooks");
    assertNull(api.client().apps().deployments().inNamespace(namespace).withName("sluice").get());
    assertNull(api.client().leases().inNamespace(namespace).withName("sluice-operator-leader").get(),
        "no leader Lease left behind");
    assertNull(api.client().rbac().clusterRoles().withName("sluice").get());
  }

  @Test
  void uninstallingRunsTheOperatorsCheckForRemainingPipelinesFirst() throws Exception {
    String rendered = helm(null, "template", "sluice", CHART, "--namespace", "sluice-system",
        "--set", "watchNamespaces={team-a}");
    String hook = rendered.substring(rendered.indexOf("name: sluice-uninstall-check"));
    assertTrue(hook.contains("helm.sh/hook: pre-delete"), hook);
    assertTrue(hook.contains("dev.sluice.operator.UninstallCheck"), hook);
    assertTrue(hook.contains("serviceAccountName: sluice\n"), "with the operator's rights to list Pipelines");
    assertTrue(hook.contains("value: \"team-a\""), "in the namespaces the operator watches");
    assertFalse(helm(null, "template", "sluice", CHART, "--set", "uninstallCheck=false").contains("uninstall-check"));
  }

  @Test
  void watchingListedNamespacesGrantsRolesInThemOnly() throws Exception {
    String rendered = helm(null, "template", "sluice", CHART, "--namespace", "ops",
        "--set", "watchNamespaces={team-a,team-b}");
    assertFalse(rendered.contains("kind: ClusterRole\n"), "no cluster-wide role when namespaces are listed");
    assertTrue(rendered.contains("kind: Role\nmetadata:\n  name: sluice\n  namespace: team-a"), rendered);
    assertTrue(rendered.contains("kind: Role\nmetadata:\n  name: sluice\n  namespace: team-b"), rendered);
    assertTrue(rendered.contains("value: \"team-a,team-b\""), "the operator is told which namespaces to watch");
  }

  @Test
  void refusesAValueOfTheWrongTypeAndAnUnknownKeyWithHelmsMessage(ApiServer api) throws Exception {
    String namespace = api.newNamespace("refused");
    String wrongType = refusedInstall(api, namespace, "replicas=two");
    assertTrue(wrongType.contains("values don't meet the specifications of the schema(s)")
        && wrongType.contains("at '/replicas': got string, want integer"), wrongType);
    String unknownKey = refusedInstall(api, namespace, "replica=2");
    assertTrue(unknownKey.contains("at '': additional properties 'replica' not allowed"), unknownKey);
    String nestedWrongType = refusedInstall(api, namespace, "openLineage.apiKeySecret=lineage-key");
    assertTrue(nestedWrongType.contains("at '/openLineage/apiKeySecret': got string, want object"), nestedWrongType);
    String nestedUnknownKey = refusedInstall(api, namespace, "monitoring.intervall=10s");
    assertTrue(nestedUnknownKey.contains("at '/monitoring': additional properties 'intervall' not allowed"),
        nestedUnknownKey);
    assertTrue(api.client().apps().deployments().inNamespace(namespace).list().getItems().isEmpty(),
        "nothing was installed");
  }

  @Test
  void monitorsTheOperatorAndTheFlinkPodsOnlyWhereThePrometheusOperatorsApiExists() throws Exception {
    String plain = helm(null, "template", "sluice", CHART, "--namespace", "ops");
    assertFalse(plain.contains("kind: ServiceMonitor") || plain.contains("kind: PodMonitor"), "no monitoring API");
    String switchedOff = helm(null, "template", "sluice", CHART, "--api-versions", MONITORING,
        "--set", "monitoring.enabled=false");
    assertFalse(switchedOff.contains("kind: ServiceMonitor") || switchedOff.contains("kind: PodMonitor"));

    String rendered = helm(null, "template", "sluice", CHART, "--namespace", "ops", "--api-versions", MONITORING,
        "--set", "monitoring.labels.release=prometheus");
    GenericKubernetesResource operator = one(rendered, "ServiceMonitor", GenericKubernetesResource.class);
    Service service = one(rendered, "Service", Service.class);
    assertEquals(service.getSpec().getSelector(), operator.get("spec", "selector", "matchLabels"),
        "selects the operator's metrics Service");
    assertEquals(List.of("ops"), operator.get("spec", "namespaceSelector", "matchNames"));
    assertEquals("http", operator.get("spec", "endpoints", 0, "port"));
    assertEquals("/metrics", operator.get("spec", "endpoints", 0, "path"));
    assertEquals("prometheus", operator.getMetadata().getLabels().get("release"));

    GenericKubernetesResource flink = one(rendered, "PodMonitor", GenericKubernetesResource.class);
    Map<String, String> selected = flink.get("spec", "selector", "matchLabels");
    for (String component : List.of("jobmanager", "taskmanager")) {
      assertTrue(new ClusterNames("orders").labels(component).entrySet().containsAll(selected.entrySet()),
          "selects the " + component + " pods the operator makes: " + selected);
    }
    assertEquals(FlinkConfiguration.METRICS_PORT_NAME, flink.get("spec", "podMetricsEndpoints", 0, "port"),
        "the port of the Flink pods' Prometheus reporter");
    assertEquals(Boolean.TRUE, flink.get("spec", "namespaceSelector", "any"), "Pipelines in every namespace");
    String relabelled = Serialization.asJson(flink.get("spec", "podMetricsEndpoints", 0, "relabelings"));
    assertTrue(relabelled.contains("__meta_kubernetes_pod_label_" + ClusterNames.PIPELINE_LABEL.replaceAll("[./]", "_")),
        relabelled);

    GenericKubernetesResource watching = one(helm(null, "template", "sluice", CHART, "--api-versions", MONITORING,
        "--set", "watchNamespaces={team-a,team-b}"), "PodMonitor", GenericKubernetesResource.class);
    assertEquals(List.of("team-a", "team-b"), watching.get("spec", "namespaceSelector", "matchNames"));
  }

  @Test
  void aDisruptionBudgetOnlyWithMoreThanOneReplica() throws Exception {
    assertFalse(helm(null, "template", "sluice", CHART, "--set", "replicas=1").contains("kind: PodDisruptionBudget"));
    String rendered = helm(null, "template", "sluice", CHART, "--set", "replicas=2");
    PodDisruptionBudget budget = one(rendered, "PodDisruptionBudget", PodDisruptionBudget.class);
    assertEquals(1, budget.getSpec().getMinAvailable().getIntVal());
    assertEquals(one(rendered, "Deployment", Deployment.class).getSpec().getSelector(), budget.getSpec().getSelector());
  }

  @Test
  void theDashboardIsAConfigMapForGrafanasSidecarMadeFromTheChartsFile() throws Exception {
    assertFalse(helm(null, "template", "sluice", CHART).contains("grafana_dashboard"), "off by default");
    ConfigMap dashboard = one(helm(null, "template", "sluice", CHART, "--namespace", "ops",
        "--set", "dashboard.enabled=true", "--set", "dashboard.namespace=monitoring"), "ConfigMap", ConfigMap.class);
    assertEquals("1", dashboard.getMetadata().getLabels().get("grafana_dashboard"));
    assertEquals("monitoring", dashboard.getMetadata().getNamespace(), "where the sidecar looks");
    ObjectMapper json = new ObjectMapper();
    assertEquals(json.readTree(Files.readString(Path.of(CHART, "dashboards/sluice.json"))),
        json.readTree(dashboard.getData().get("sluice.json")));
  }

  @Test
  void openLineageIsConfiguredOnlyWithAUrlAndItsApiKeyIsReadFromTheSecret() throws Exception {
    assertFalse(helm(null, "template", "sluice", CHART).contains("SLUICE_OPENLINEAGE"), "off by default");
    Deployment operator = one(helm(null, "template", "sluice", CHART, "--set", "openLineage.url=http://marquez:5000",
        "--set", "openLineage.apiKeySecret.name=lineage-key", "--set", "openLineage.runningInterval=2m"),
        "Deployment", Deployment.class);
    List<EnvVar> env = operator.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    EnvVar apiKey = env.stream().filter(e -> e.getName().equals("SLUICE_OPENLINEAGE_API_KEY")).findFirst().orElseThrow();
    assertNull(apiKey.getValue(), "the key is referenced, never copied");
    assertEquals("lineage-key", apiKey.getValueFrom().getSecretKeyRef().getName());
    assertEquals("apiKey", apiKey.getValueFrom().getSecretKeyRef().getKey());

    // What the operator reads from that environment, the Secret's key filled in as the kubelet would.
    Map<String, String> values = new HashMap<>();
    env.stream().filter(e -> e.getValue() != null).forEach(e -> values.put(e.getName(), e.getValue()));
    values.put(apiKey.getName(), "from-the-secret");
    LineageSettings settings = LineageSettings.fromEnvironment(values).orElseThrow();
    assertEquals("http://marquez:5000", settings.url().toString());
    assertEquals("/api/v1/lineage", settings.endpoint());
    assertEquals("from-the-secret", settings.apiKey());
    assertEquals("shop", settings.jobNamespace("shop"), "each Pipeline's namespace unless one is set");
    assertEquals(Duration.ofMinutes(2), settings.runningInterval());
  }

  @Test
  void theReadmeTableDescribesEveryTopLevelValue() throws Exception {
    Map<String, Object> values = Serialization.unmarshal(Files.readString(Path.of(CHART, "values.yaml")), Map.class);
    String readme = Files.readString(Path.of(CHART, "README.md"));
    List<String> missing = values.keySet().stream().filter(key -> !readme.contains("\n| `" + key + "` |")).toList();
    assertEquals(List.of(), missing, "values without a row in helm/sluice/README.md");
  }

  private static String helm(ApiServer api, String... args) throws IOException, InterruptedException {
    Run run = run(api, args);
    if (run.exitCode() != 0) {
      throw new AssertionError("helm " + String.join(" ", args) + " failed:\n" + run.output());
    }
    return run.output();
  }

  /** Installs the chart with one {@code --set}, which must be refused; returns Helm's message. */
  private static String refusedInstall(ApiServer api, String namespace, String set)
      throws IOException, InterruptedException {
    Run run = run(api, "install", "refused", CHART, "--namespace", namespace, "--set", set);
    assertNotEquals(0, run.exitCode(), "helm install --set " + set + " was accepted:\n" + run.output());
    return run.output();
  }

  private record Run(int exitCode, String output) {
  }

  private static Run run(ApiServer api, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(TestPaths.helm().toString()));
    command.addAll(List.of(args));
    if (api != null) {
      command.addAll(List.of("--kubeconfig", api.kubeconfig().toString()));
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("helm " + String.join(" ", args) + " timed out:\n" + output);
    }
    return new Run(process.exitValue(), output);
  }

  /** The one object of {@code kind} among what helm template rendered. */
  private static <T> T one(String rendered, String kind, Class<T> type) {
    List<String> documents = Arrays.stream(rendered.split("(?m)^---$"))
        .filter(document -> document.contains("\nkind: " + kind + "\n")).toList();
    assertEquals(1, documents.size(), "one " + kind + " in:\n" + rendered);
    return Serialization.unmarshal(documents.get(0), type);
  }
}
