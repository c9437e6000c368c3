package dev.sluice.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sluice.e2e.cluster.KubeCluster;
import dev.sluice.e2e.cluster.KubeClusterExtension;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cluster the e2e tests run on works: a Ready node, a Java pod from a loaded image, DNS. */
class NodeSmokeE2E {

  static final String JAVA_IMAGE = "sluice/debian-jre17:bookworm";

  @RegisterExtension
  static final KubeClusterExtension CLUSTER = KubeClusterExtension.withImages(JAVA_IMAGE);

  static String namespace;

  @BeforeAll
  static void createNamespace(KubeCluster cluster) {
    namespace = cluster.createNamespace("e2e-smoke");
  }

  @AfterAll
  static void deleteNamespace(KubeCluster cluster) {
    if (namespace != null) {
      cluster.client().namespaces().withName(namespace).delete();
    }
  }

  @Test
  void theNodeIsReady(KubeCluster cluster) {
    List<String> ready = cluster.readyNodes();
    assertFalse(ready.isEmpty(), "no Ready node in " + cluster.description());
    assertEquals(
        cluster.client().nodes().list().getItems().size(),
        ready.size(),
        "every node is Ready");
  }

  @Test
  void aDeploymentOfTheLoadedJavaImageBecomesReadyAndItsServiceResolvesFromAPod(
      KubeCluster cluster) {
    KubernetesClient client = cluster.client();
    Map<String, String> labels = Map.of("app", "java-smoke");
    // Ready only once `java -version` has run: the probe checks the file written after it.
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("java-smoke")
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withNewSelector()
            .withMatchLabels(labels)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withTerminationGracePeriodSeconds(1L)
            .addNewContainer()
            .withName("java")
            .withImage(JAVA_IMAGE)
            .withImagePullPolicy("Never")
            .withCommand("sh", "-c", "java -version && touch /tmp/ran && exec sleep infinity")
            .withNewReadinessProbe()
            .withNewExec()
            .withCommand("cat", "/tmp/ran")
            .endExec()
            .withPeriodSeconds(1)
            .endReadinessProbe()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.apps().deployments().inNamespace(namespace).resource(deployment).create();
    try {
      client
          .apps()
          .deployments()
          .inNamespace(namespace)
          .withName("java-smoke")
          .waitUntilCondition(
              d ->
                  d != null
                      && d.getStatus() != null
                      && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas()),
              3,
              TimeUnit.MINUTES);
    } catch (KubernetesClientTimeoutException e) {
      fail("the Deployment did not become Ready in 3 minutes; " + cluster.describe(namespace));
    }
    Pod javaPod =
        client.pods().inNamespace(namespace).withLabels(labels).list().getItems().get(0);
    String javaLog =
        client.pods().inNamespace(namespace).withName(javaPod.getMetadata().getName()).getLog();
    assertTrue(javaLog.contains("openjdk version \"17."), "java -version output: " + javaLog);

    Service service =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("java-smoke")
            .endMetadata()
            .withNewSpec()
            .withSelector(labels)
            .addNewPort()
            .withPort(80)
            .withTargetPort(new IntOrString(8080))
            .endPort()
            .endSpec()
            .build();
    String clusterIp =
        client
            .services()
            .inNamespace(namespace)
            .resource(service)
            .create()
            .getSpec()
            .getClusterIP();

    // Both the full name and the short one (through the pod's DNS search path).
    Pod lookup =
        new PodBuilder()
            .withNewMetadata()
            .withName("dns-lookup")
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addNewContainer()
            .withName("lookup")
            .withImage(JAVA_IMAGE)
            .withImagePullPolicy("Never")
            .withCommand(
                "sh",
                "-c",
                "getent hosts java-smoke."
                    + namespace
                    + ".svc.cluster.local && getent hosts java-smoke")
            .endContainer()
            .endSpec()
            .build();
    client.pods().inNamespace(namespace).resource(lookup).create();
    Pod done = null;
    try {
      done =
          client
              .pods()
              .inNamespace(namespace)
              .withName("dns-lookup")
              .waitUntilCondition(
                  p ->
                      p != null
                          && p.getStatus() != null
                          && List.of("Succeeded", "Failed").contains(p.getStatus().getPhase()),
                  2,
                  TimeUnit.MINUTES);
    } catch (KubernetesClientTimeoutException e) {
      fail("the DNS lookup pod did not finish in 2 minutes; " + cluster.describe(namespace));
    }
    String lookupLog = client.pods().inNamespace(namespace).withName("dns-lookup").getLog();
    assertEquals("Succeeded", done.getStatus().getPhase(), "DNS lookups from a pod: " + lookupLog);
    assertEquals(
        List.of(
            clusterIp + " java-smoke." + namespace + ".svc.cluster.local",
            clusterIp + " java-smoke." + namespace + ".svc.cluster.local"),
        lookupLog.lines().map(l -> l.trim().replaceAll("\\s+", " ")).toList(),
        "both names resolve to the Service's cluster IP");
  }
}
