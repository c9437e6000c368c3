package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.operator.SluiceOperator;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import dev.sluice.testing.TestPaths;
import dev.sluice.testing.TestSettings;
import dev.sluice.reconciler.Conditions;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What someone deletes or scales by hand of a Pipeline's cluster comes back, with an event, on a real API server. */
@ExtendWith(RealApiServer.class)
class DriftRepairTest {

  private static ApiServer api;
  private static SluiceOperator operator;
  private static String namespace;

  @BeforeAll
  static void deploy(ApiServer server) throws IOException {
    api = server;
    namespace = server.newNamespace("drift");
    operator = new SluiceOperator(server.client(), TestSettings.watching(namespace), Clock.systemUTC());
    operator.start();
    try (InputStream manifests = Files.newInputStream(TestPaths.repoRoot().resolve(
        "operator/src/test/resources/lifecycle/counts.yaml"))) {
      api.client().load(manifests).inNamespace(namespace).create();
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> api.client().resources(Pipeline.class).inNamespace(namespace)
        .withName("counts").get(), p -> p.getStatus() != null && p.getStatus().getPlanHash() != null);
  }

  @AfterAll
  static void stop() {
    operator.close();
  }

  @Test
  void aDeletedTaskManagerDeploymentIsRestored() {
    int replicas = taskManagers().getSpec().getReplicas();
    api.client().apps().deployments().inNamespace(namespace).withName("counts-taskmanager").delete();
    awaitRepaired("Deployment counts-taskmanager was missing");
    assertEquals(replicas, taskManagers().getSpec().getReplicas());
  }

  @Test
  void aDeletedServiceIsRestored() {
    api.client().services().inNamespace(namespace).withName("counts-rest").delete();
    awaitRepaired("Service counts-rest was missing");
    await().atMost(Duration.ofSeconds(10)).until(() ->
        api.client().services().inNamespace(namespace).withName("counts-rest").get() != null);
  }

  @Test
  void aHandScaledTaskManagerDeploymentIsScaledBack() {
    int replicas = taskManagers().getSpec().getReplicas();
    api.client().apps().deployments().inNamespace(namespace).withName("counts-taskmanager").scale(replicas + 3);
    awaitRepaired("Deployment counts-taskmanager had " + (replicas + 3) + " replicas instead of " + replicas);
    await().atMost(Duration.ofSeconds(10)).until(() -> taskManagers().getSpec().getReplicas() == replicas);
  }

  /**
   * No kubelet runs here, so the test writes what the Deployment controller writes for a job
   * manager that crash-loops: Available=False since two minutes. No job manager answers either.
   */
  @Test
  void aJobManagerWithoutAReadyPodForMinutesShowsDegradedNotHealthy() {
    String since = Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.SECONDS).toString();
    api.client().apps().deployments().inNamespace(namespace).withName("counts-jobmanager").editStatus(deployment -> {
      deployment.setStatus(new DeploymentStatusBuilder().withReplicas(1).withUnavailableReplicas(1)
          .addNewCondition().withType("Available").withStatus("False").withReason("MinimumReplicasUnavailable")
          .withLastTransitionTime(since).withLastUpdateTime(since).withMessage("Deployment does not have minimum availability.")
          .endCondition().build());
      return deployment;
    });

    Pipeline degraded = await().atMost(Duration.ofSeconds(30)).until(
        () -> api.client().resources(Pipeline.class).inNamespace(namespace).withName("counts").get(),
        p -> Conditions.find(p.getStatus().getConditions(), PipelineReconciler.DEGRADED)
            .filter(c -> PipelineReason.JobManagerUnavailable.name().equals(c.getReason())).isPresent());
    var ready = Conditions.find(degraded.getStatus().getConditions(), PipelineReconciler.READY).orElseThrow();
    assertEquals("False", ready.getStatus());
    assertTrue(ready.getMessage().contains("counts-jobmanager") && ready.getMessage().contains("stale"),
        ready.getMessage());
  }

  private static Deployment taskManagers() {
    return await().atMost(Duration.ofSeconds(10)).until(
        () -> api.client().apps().deployments().inNamespace(namespace).withName("counts-taskmanager").get(),
        deployment -> deployment != null);
  }

  private static void awaitRepaired(String what) {
    await().atMost(Duration.ofSeconds(30)).until(() -> api.events(namespace, "counts").stream()
        .anyMatch(e -> PipelineReason.DriftRepaired.name().equals(e.getReason()) && e.getMessage().startsWith(what)));
  }
}
