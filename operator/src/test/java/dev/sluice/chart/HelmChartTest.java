package dev.sluice.chart;

import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import dev.sluice.testing.TestPaths;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart, with real Helm against a real API server: it lints, installs the operator's
 * objects with the values given, and uninstalls cleanly. No kubelet runs here, so the operator
 * pod itself does not start; that is the end-to-end tests' part.
 */
@ExtendWith(RealApiServer.class)
class HelmChartTest {

  private static final String CHART = TestPaths.repoRoot().resolve("helm/sluice").toString();

  @Test
  void lints() throws Exception {
    String out = helm(null, "lint", "--strict", CHART);
    assertTrue(out.contains("0 chart(s) failed"), out);
  }

  @Test
  void installsTheOperatorAndUninstallsCleanly(ApiServer api) throws Exception {
    String namespace = api.newNamespace("sluice-system");
    helm(api, "install", "sluice", CHART, "--namespace", namespace,
        "--set", "runtimeImage=registry.local/sluice/runtime:1.2.3",
        "--set", "defaultStorage=s3://state/sluice");

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

  private static String helm(ApiServer api, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(TestPaths.helm().toString()));
    command.addAll(List.of(args));
    if (api != null) {
      command.addAll(List.of("--kubeconfig", api.kubeconfig().toString()));
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError("helm " + String.join(" ", args) + " failed:\n" + output);
    }
    return output;
  }
}
