package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.flink.FlinkEndpointResolver;
import dev.sluice.operator.SluiceOperator;
import dev.sluice.reconciler.Conditions;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import dev.sluice.testing.TestPaths;
import dev.sluice.testing.TestSettings;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Pipeline reconciler, in a running operator, against a real API server. */
@ExtendWith(RealApiServer.class)
class PipelineReconcilerTest {

  private static ApiServer api;
  private static SluiceOperator operator;
  private static String deployNamespace;
  private static String errorsNamespace;
  private static String storageNamespace;
  private static String restoreNamespace;
  private static String unsharedNamespace;

  @BeforeAll
  static void startOperator(ApiServer server) {
    api = server;
    deployNamespace = server.newNamespace("deploy");
    errorsNamespace = server.newNamespace("errors");
    storageNamespace = server.newNamespace("storage");
    restoreNamespace = server.newNamespace("restore");
    unsharedNamespace = server.newNamespace("unshared");
    operator = new SluiceOperator(server.client(), TestSettings.watching(deployNamespace, errorsNamespace,
        storageNamespace, restoreNamespace, unsharedNamespace),
        Clock.systemUTC());
    operator.start();
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void createsTheFlinkClusterOwnedByThePipeline() throws IOException {
    api.createExample(deployNamespace, "order-enrichment", "datasets.yaml", "pipeline.yaml");
    Pipeline waiting = awaitStatus(deployNamespace, "enrich-orders",
        s -> Conditions.isTrue(s.getConditions(), "Degraded"));
    Condition degraded = Conditions.find(waiting.getStatus().getConditions(), "Degraded").orElseThrow();
    assertEquals("SecretMissing", degraded.getReason());
    assertTrue(degraded.getMessage().contains("Secret shop-kafka-reader with key password"), degraded.getMessage());
    assertTrue(api.events(deployNamespace, "enrich-orders").stream().anyMatch(e -> "SecretMissing".equals(e.getReason())));
    assertTrue(api.client().apps().deployments().inNamespace(deployNamespace).list().getItems().isEmpty(),
        "no pods that could not start");

    for (String secret : List.of("shop-kafka-reader", "shop-kafka-writer")) {
      api.client().secrets().inNamespace(deployNamespace).resource(new SecretBuilder()
          .withNewMetadata().withName(secret).endMetadata()
          .addToStringData("username", "user").addToStringData("password", "pa55-never-copied").build()).create();
    }
    Pipeline pipeline = awaitStatus(deployNamespace, "enrich-orders", s -> s.getPlanHash() != null);
    assertEquals(Phase.Deploying, pipeline.getStatus().getPhase());
    assertTrue(Conditions.isTrue(pipeline.getStatus().getConditions(), "SpecValid"));
    assertEquals(4, pipeline.getStatus().getParallelism().getDesired());

    ConfigMap plan = api.client().configMaps().inNamespace(deployNamespace).withName("enrich-orders-plan").get();
    assertTrue(plan.getData().get("plan.json").contains("enriched_orders"));
    assertTrue(plan.getData().get("plan.json").contains("${env:"), "credentials are placeholders in the plan");
    assertFalse(plan.getData().toString().contains("pa55-never-copied"), "no Secret value in the ConfigMap");
    String flinkConfig = plan.getData().get("config.yaml");
    assertTrue(flinkConfig.contains("scheduler-mode: 'reactive'"), flinkConfig);
    assertEquals("10s", FlinkConfiguration.setting(flinkConfig, FlinkConfiguration.RESCALE_AFTER_NEW_SLOTS).orElseThrow(),
        "new task managers are taken in 10 s after they join, not Flink's minute");
    assertEquals("30s", FlinkConfiguration.setting(flinkConfig, FlinkConfiguration.NO_RESCALE_AFTER_RESTART)
        .orElseThrow(), "the cooldown the operator counts before it asks for a rescale's checkpoint");
    assertEquals("false", FlinkConfiguration.setting(flinkConfig, FlinkConfiguration.SHUTDOWN_WHEN_THE_JOB_ENDS)
        .orElseThrow(), "the job manager stays to answer about the savepoint that stopped its job");
    assertTrue(flinkConfig.contains("high-availability.type: 'kubernetes'"), flinkConfig);
    assertTrue(flinkConfig.contains("taskmanager.memory.process.size: '4g'"), flinkConfig);
    assertTrue(flinkConfig.contains("execution.checkpointing.dir: 's3://shop-flink-state/enrich-orders/checkpoints'"),
        flinkConfig);

    Deployment taskManagers = api.client().apps().deployments().inNamespace(deployNamespace)
        .withName("enrich-orders-taskmanager").get();
    assertEquals(2, taskManagers.getSpec().getReplicas(), "parallelism 4 on task managers with 2 slots");
    var container = taskManagers.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals(TestSettings.RUNTIME_IMAGE, container.getImage());
    assertEquals(List.of("taskmanager"), container.getArgs());
    assertEquals("4Gi", container.getResources().getLimits().get("memory").toString());
    assertEquals("2", container.getResources().getRequests().get("cpu").toString());
    assertFalse(container.getResources().getLimits().containsKey("cpu"), "no CPU throttling of the JVM");
    assertEquals("streaming", taskManagers.getSpec().getTemplate().getSpec().getNodeSelector().get("workload"));
    assertTrue(taskManagers.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot(),
        "the kubelet refuses to run the pods as root");
    EnvVar credential = container.getEnv().stream().filter(e -> e.getValueFrom() != null
        && e.getValueFrom().getSecretKeyRef() != null).findFirst().orElseThrow();
    assertEquals("shop-kafka-reader", credential.getValueFrom().getSecretKeyRef().getName(),
        "credentials are referenced from the Secret, never copied");
    assertEquals(pipeline.getStatus().getPlanHash(),
        taskManagers.getSpec().getTemplate().getMetadata().getAnnotations().get("sluice.dev/plan-hash"));

    Deployment jobManager = api.client().apps().deployments().inNamespace(deployNamespace)
        .withName("enrich-orders-jobmanager").get();
    assertEquals(List.of("jobmanager"), jobManager.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
    assertEquals("enrich-orders-flink", jobManager.getSpec().getTemplate().getSpec().getServiceAccountName());
    assertEquals("Recreate", jobManager.getSpec().getStrategy().getType(), "never two job managers at once");
    assertFalse(jobManager.getSpec().getTemplate().getMetadata().getAnnotations().containsKey("sluice.dev/restore-from"),
        "a first deployment starts empty");
    for (var owned : List.of(plan, taskManagers, jobManager,
        api.client().services().inNamespace(deployNamespace).withName("enrich-orders-rest").get(),
        api.client().rbac().roles().inNamespace(deployNamespace).withName("enrich-orders-flink-ha").get())) {
      assertEquals(pipeline.getMetadata().getUid(), owned.getMetadata().getOwnerReferences().get(0).getUid(),
          owned.getKind() + " " + owned.getMetadata().getName() + " is owned by the Pipeline");
      assertEquals("sluice-operator", owned.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
      assertTrue(owned.getMetadata().getManagedFields().stream()
          .anyMatch(f -> SluiceOperator.FIELD_MANAGER.equals(f.getManager()) && "Apply".equals(f.getOperation())),
          owned.getKind() + " is server-side applied by " + SluiceOperator.FIELD_MANAGER);
    }
    assertTrue(api.events(deployNamespace, "enrich-orders").stream().anyMatch(e -> "Deploying".equals(e.getReason())));
  }

  @Test
  void aVolumeClaimHoldsFileStorageForTheJobManagerAndEveryTaskManager() throws IOException {
    api.createExample(storageNamespace, "kafka-to-kafka", "datasets.yaml", "pipeline.yaml");
    awaitStatus(storageNamespace, "large-payments", s -> s.getPlanHash() != null);
    String flinkConfig = api.client().configMaps().inNamespace(storageNamespace).withName("large-payments-plan").get()
        .getData().get("config.yaml");
    assertTrue(flinkConfig.contains("execution.checkpointing.dir: 'file:///var/lib/sluice/state/checkpoints'"),
        flinkConfig);
    for (String deployment : List.of("large-payments-jobmanager", "large-payments-taskmanager")) {
      var pod = api.client().apps().deployments().inNamespace(storageNamespace).withName(deployment).get()
          .getSpec().getTemplate().getSpec();
      var volume = pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null).findFirst()
          .orElseThrow(() -> new AssertionError(deployment + " mounts no volume claim"));
      assertEquals("sluice-state", volume.getPersistentVolumeClaim().getClaimName());
      var mount = pod.getContainers().get(0).getVolumeMounts().stream()
          .filter(m -> m.getName().equals(volume.getName())).findFirst().orElseThrow();
      assertEquals("/var/lib/sluice/state", mount.getMountPath(), "mounted where the storage URI points");
      assertEquals(9999L, pod.getSecurityContext().getFsGroup(), "writable by the runtime image's user");
    }
  }

  @Test
  void fileStorageThatNoVolumeBacksIsRefusedNamingTheFieldAndTheFix() throws IOException {
    api.createExample(unsharedNamespace, "kafka-to-kafka", "datasets.yaml");
    String manifest = Files.readString(TestPaths.examples().resolve("kafka-to-kafka/pipeline.yaml"))
        .replace("    volumeClaim: sluice-state\n", "");
    api.client().load(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8))).inNamespace(unsharedNamespace)
        .create();

    Pipeline refused = awaitStatus(unsharedNamespace, "large-payments", s -> s.getPhase() == Phase.Invalid);
    Condition specValid = Conditions.find(refused.getStatus().getConditions(), "SpecValid").orElseThrow();
    assertEquals("False", specValid.getStatus());
    assertEquals("StorageInvalid", specValid.getReason());
    assertTrue(specValid.getMessage().startsWith("Pipeline/large-payments spec.checkpointing.storage: "
        + "file:///var/lib/sluice/state would be each pod's own disk"), specValid.getMessage());
    assertTrue(specValid.getMessage().contains("set spec.checkpointing.volumeClaim"), specValid.getMessage());
    assertTrue(api.client().apps().deployments().inNamespace(unsharedNamespace).list().getItems().isEmpty(),
        "nothing deployed that would lose its state");

    api.client().resources(Pipeline.class).inNamespace(unsharedNamespace).withName("large-payments").patch(
        PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"checkpointing\": {\"volumeClaim\": \"sluice-state\", "
            + "\"s3\": {\"endpoint\": \"http://minio.storage:9000\"}}}}");
    Pipeline misplaced = awaitStatus(unsharedNamespace, "large-payments", s -> s.getPhase() == Phase.Invalid
        && s.getObservedGeneration() == 2);
    assertTrue(Conditions.find(misplaced.getStatus().getConditions(), "SpecValid").orElseThrow().getMessage()
        .startsWith("Pipeline/large-payments spec.checkpointing.s3: applies to s3:// storage"),
        misplaced.getStatus().getConditions().toString());
  }

  @Test
  void specRestoreFromStartsTheFirstDeploymentFromTheSavepointItNames() throws IOException {
    String savepoint = "file:///var/lib/sluice/state/savepoints/savepoint-0a1b2c-3d4e5f";
    api.createExample(restoreNamespace, "kafka-to-kafka", "datasets.yaml");
    String manifest = Files.readString(TestPaths.examples().resolve("kafka-to-kafka/pipeline.yaml"))
        .replace("    volumeClaim: sluice-state\n", "    volumeClaim: sluice-state\n    restoreFrom: " + savepoint + "\n");
    api.client().load(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8))).inNamespace(restoreNamespace)
        .create();

    awaitStatus(restoreNamespace, "large-payments", s -> s.getPlanHash() != null);
    Deployment jobManager = api.client().apps().deployments().inNamespace(restoreNamespace)
        .withName("large-payments-jobmanager").get();
    assertEquals(savepoint, jobManager.getSpec().getTemplate().getMetadata().getAnnotations()
        .get("sluice.dev/restore-from"));
    String flinkConfig = api.client().configMaps().inNamespace(restoreNamespace).withName("large-payments-plan").get()
        .getData().get("config.yaml");
    assertTrue(flinkConfig.contains("execution.state-recovery.path: '" + savepoint + "'"), flinkConfig);
    assertTrue(api.events(restoreNamespace, "large-payments").stream()
        .anyMatch(e -> "Deploying".equals(e.getReason()) && e.getMessage().contains("from " + savepoint)),
        api.events(restoreNamespace, "large-payments").toString());
  }

  @Test
  void aMissingDatasetAndBadSqlBecomeConditionsAndEvents() throws IOException {
    api.createExample(errorsNamespace, "iot-sensors", "pipeline.yaml");
    Pipeline missing = awaitStatus(errorsNamespace, "sensor-stats", s -> s.getPhase() == Phase.Invalid);
    Condition specValid = Conditions.find(missing.getStatus().getConditions(), "SpecValid").orElseThrow();
    assertEquals("DatasetNotFound", specValid.getReason());
    assertTrue(specValid.getMessage().contains("spec.inputs[0]"), specValid.getMessage());
    assertTrue(specValid.getMessage().contains("sensor-readings"), specValid.getMessage());
    await().atMost(Duration.ofSeconds(20)).until(() -> api.events(errorsNamespace, "sensor-stats").stream()
        .anyMatch(e -> "DatasetNotFound".equals(e.getReason()) && "Warning".equals(e.getType())));
    assertTrue(api.client().apps().deployments().inNamespace(errorsNamespace).list().getItems().isEmpty(),
        "nothing is deployed for an invalid pipeline");

    // Creating the Datasets is enough: the pipeline is planned again without a change of its own.
    api.createExample(errorsNamespace, "iot-sensors", "datasets.yaml");
    awaitStatus(errorsNamespace, "sensor-stats", s -> s.getPhase() == Phase.Deploying);

    api.client().genericKubernetesResources("sluice.dev/v1alpha1", "Pipeline").inNamespace(errorsNamespace)
        .withName("sensor-stats").patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\": {\"sql\": \"INSERT INTO sensor_stats_1m SELECT device_id, no_such_column FROM sensor_readings\"}}");
    Pipeline badSql = awaitStatus(errorsNamespace, "sensor-stats",
        s -> s.getPhase() == Phase.Invalid && s.getObservedGeneration() == 2);
    Condition invalid = Conditions.find(badSql.getStatus().getConditions(), "SpecValid").orElseThrow();
    assertEquals("InvalidSql", invalid.getReason());
    assertTrue(invalid.getMessage().contains("spec.sql"), invalid.getMessage());
    assertTrue(invalid.getMessage().contains("no_such_column"), invalid.getMessage());

    assertTrue(operator.registry().get("sluice_reconcile").tags("kind", "Pipeline", "name", "sensor-stats",
        "namespace", errorsNamespace, "outcome", "invalid").counter().count() > 0);
  }

  @Test
  void aFailureThatIsNotTheUsersIsDegradedWithAnEventAndRetried(ApiServer server) throws IOException {
    String failing = server.newNamespace("failing");
    // Stands for an unforeseen fault inside a reconcile: every look at the job throws.
    FlinkEndpointResolver broken = pipeline -> {
      throw new IllegalStateException("no route to the job manager of " + pipeline.getMetadata().getName());
    };
    try (SluiceOperator faulty = new SluiceOperator(server.client(), TestSettings.watching(failing), broken,
        Clock.systemUTC())) {
      faulty.start();
      try (var manifests = Files.newInputStream(TestPaths.repoRoot().resolve(
          "operator/src/test/resources/lifecycle/counts.yaml"))) {
        api.client().load(manifests).inNamespace(failing).create();
      }
      Pipeline degraded = awaitStatus(failing, "counts", s -> Conditions.find(s.getConditions(), "Degraded")
          .filter(c -> "ReconcileFailed".equals(c.getReason())).isPresent());
      Condition condition = Conditions.find(degraded.getStatus().getConditions(), "Degraded").orElseThrow();
      assertEquals("True", condition.getStatus());
      assertTrue(condition.getMessage().contains("no route to the job manager of counts"), condition.getMessage());
      assertTrue(condition.getMessage().contains("retrying with back-off"), condition.getMessage());
      assertEquals(Phase.Deploying, degraded.getStatus().getPhase(), "what was done before the fault is kept");
      await().atMost(Duration.ofSeconds(20)).until(() -> api.events(failing, "counts").stream()
          .anyMatch(e -> "ReconcileFailed".equals(e.getReason()) && "Warning".equals(e.getType())));
      assertTrue(faulty.registry().getMeters().stream().anyMatch(meter -> meter.getId().getName()
          .startsWith("operator.sdk.reconciliations.failed")), "the SDK counts the failed attempts");
    }
  }

  private static Pipeline awaitStatus(String namespace, String name, Predicate<PipelineStatus> condition) {
    return await().atMost(Duration.ofSeconds(60)).until(
        () -> api.client().resources(Pipeline.class).inNamespace(namespace).withName(name).get(),
        p -> p.getStatus() != null && condition.test(p.getStatus()));
  }
}
