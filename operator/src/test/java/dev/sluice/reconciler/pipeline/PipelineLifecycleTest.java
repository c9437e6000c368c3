package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.SavepointReason;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.flink.FlinkRestClient;
import dev.sluice.flink.FlinkTestCluster;
import dev.sluice.operator.SluiceOperator;
import dev.sluice.reconciler.Conditions;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.MiniClusterJobManager;
import dev.sluice.testing.OperatorOnFlink;
import dev.sluice.testing.RealApiServer;
import dev.sluice.testing.TestPaths;
import dev.sluice.testing.TestSettings;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Pipeline's life on a real API server with real Flink: the operator deploys it, a MiniCluster
 * runs the plan as the job manager pod would, and the operator observes the job, upgrades it
 * through a savepoint, suspends and resumes it, and takes a savepoint when it is deleted.
 */
@ExtendWith(RealApiServer.class)
class PipelineLifecycleTest {

  @RegisterExtension
  static final FlinkTestCluster FLINK = new FlinkTestCluster();

  private static ApiServer api;
  private static OperatorOnFlink sluice;
  private static String namespace;

  @BeforeAll
  static void start(ApiServer server) {
    api = server;
    sluice = OperatorOnFlink.start(server, FLINK, "lifecycle");
    namespace = sluice.namespace();
  }

  @AfterAll
  static void stop() {
    sluice.close();
  }

  @Test
  void deploysUpgradesSuspendsResumesAndDeletesWithoutLosingState() throws Exception {
    createCounts(namespace);
    Pipeline running = await("running").until(() -> pipeline(), p -> status(p, s -> s.getPhase() == Phase.Running
        && s.getJob() != null && s.getCheckpoint() != null && s.getCheckpoint().getCompleted() != null
        && s.getCheckpoint().getCompleted() > 0));
    String firstJob = running.getStatus().getJob().getId();
    String firstPlan = running.getStatus().getPlanHash();
    assertEquals(2, running.getStatus().getParallelism().getCurrent());
    assertEquals(firstPlan, running.getStatus().getLastStablePlanHash());
    assertTrue(Conditions.isTrue(running.getStatus().getConditions(), "Ready"));
    assertEquals("UpToDate", Conditions.find(running.getStatus().getConditions(), "Progressing").orElseThrow()
        .getReason());
    // Generated input on processing time has no backlog: its outputs are as fresh as the last look.
    Pipeline fresh = await("freshness").until(() -> pipeline(), p -> status(p, s -> s.getFreshnessSeconds() != null));
    assertTrue(fresh.getStatus().getFreshnessSeconds() <= 10, "freshness " + fresh.getStatus().getFreshness());
    var registry = sluice.operator().registry();
    assertEquals(2.0, registry.get("sluice_pipeline_parallelism").tags("namespace", namespace, "pipeline", "counts")
        .gauge().value());
    assertFalse(registry.get("sluice_pipeline_checkpoint_age_seconds").tags("namespace", namespace).gauges().isEmpty());

    // What Kubernetes HA would hold had the old job run again after its savepoint: a new job
    // manager would recover it from its checkpoint instead of the savepoint, so it must go.
    Map<String, String> haLabels = Map.of(ClusterApplier.HA_CLUSTER_LABEL, ClusterNames.of(running).clusterId(),
        ClusterApplier.HA_TYPE_LABEL, ClusterApplier.HA_TYPE);
    String jobHa = ClusterNames.of(running).clusterId() + "-000000006e6b13320000000000000000-config-map";
    api.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName(ClusterNames.of(running).haClusterConfigMap()).withLabels(haLabels).endMetadata()
        .withData(Map.of(ClusterApplier.EXECUTION_PLAN_PREFIX + "000000006e6b13320000000000000000", "a state handle"))
        .build()).create();
    api.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName(jobHa).withLabels(haLabels).endMetadata()
        .withData(Map.of("checkpointID-0000000000000000014", "a checkpoint", "counter", "15"))
        .build()).create();
    // An SQL change is an upgrade: stop with a savepoint, deploy the new plan from it.
    patch("{\"spec\": {\"sql\": \"INSERT INTO clicks_per_user SELECT user_id, COUNT(*) AS clicks FROM clicks "
        + "WHERE user_id > 0 GROUP BY user_id\"}}");
    Pipeline upgraded = await("upgraded").until(() -> pipeline(), p -> status(p, s -> s.getPhase() == Phase.Running
        && !s.getPlanHash().equals(firstPlan) && s.getJob() != null && !s.getJob().getId().equals(firstJob)));
    String upgradeSavepoint = upgraded.getStatus().getSavepoint().getPath();
    assertEquals(SavepointReason.UPGRADE, upgraded.getStatus().getSavepoint().getReason());
    assertEquals(firstPlan, upgraded.getStatus().getSavepoint().getPlanHash());
    assertEquals("FINISHED", jobState(firstJob), "the old job ended with its savepoint");
    assertEquals(normalise(upgradeSavepoint), normalise(FLINK.restoredFrom(upgraded.getStatus().getJob().getId())),
        "the new job restored the upgrade's savepoint");
    assertNull(api.client().configMaps().inNamespace(namespace).withName(ClusterNames.of(running).haClusterConfigMap())
        .get(), "nothing of the old job is left in HA for the new job manager to recover");
    assertNull(api.client().configMaps().inNamespace(namespace).withName(jobHa).get(),
        "no checkpoint of the old job is left in HA for the new job manager to restore");

    // Suspend keeps the state in a savepoint and scales everything to zero.
    patch("{\"spec\": {\"suspend\": true}}");
    Pipeline suspended = await("suspended").until(() -> pipeline(), p -> status(p,
        s -> s.getPhase() == Phase.Suspended && s.getSavepoint().getReason() == SavepointReason.SUSPEND));
    String suspendSavepoint = suspended.getStatus().getSavepoint().getPath();
    assertEquals("FINISHED", jobState(upgraded.getStatus().getJob().getId()));
    await("scaled to zero").until(() -> api.client().apps().deployments().inNamespace(namespace)
        .withName("counts-jobmanager").get().getSpec().getReplicas() == 0);
    // A status write lost after the scale-down (here overwritten) is healed at the next look.
    api.client().resources(Pipeline.class).inNamespace(namespace).withName("counts").editStatus(p -> {
      p.getStatus().setPhase(Phase.Running);
      return p;
    });
    await("Suspended again").until(() -> pipeline(), p -> status(p, s -> s.getPhase() == Phase.Suspended));

    // Resume restores from that savepoint.
    patch("{\"spec\": {\"suspend\": false}}");
    Pipeline resumed = await("resumed").until(() -> pipeline(), p -> status(p, s -> s.getPhase() == Phase.Running
        && s.getJob() != null && !s.getJob().getId().equals(upgraded.getStatus().getJob().getId())));
    String resumedJob = resumed.getStatus().getJob().getId();
    assertEquals(normalise(suspendSavepoint), normalise(FLINK.restoredFrom(resumedJob)));
    assertEquals(suspendSavepoint, api.client().apps().deployments().inNamespace(namespace)
        .withName("counts-jobmanager").get().getSpec().getTemplate().getMetadata().getAnnotations()
        .get("sluice.dev/restore-from"), "a new savepoint to start from rolls the job manager's pod");
    assertEquals(3, sluice.jobManager().starts("counts"), "one job per deployment: first, upgrade, resume");

    // Deleting a stateful pipeline stops its job with a savepoint first.
    api.client().resources(Pipeline.class).inNamespace(namespace).withName("counts").delete();
    await("deleted").until(() -> pipeline() == null);
    assertTrue(sluice.operator().registry().find("sluice_pipeline_parallelism").tags("namespace", namespace).gauges()
        .isEmpty(), "a deleted pipeline's gauges are gone");
    assertEquals("FINISHED", jobState(resumedJob));
    assertTrue(api.events(namespace, "counts").stream().anyMatch(e -> "SavepointTaken".equals(e.getReason())
        && e.getMessage().startsWith("deleted")));
    assertNotEquals(firstJob, resumedJob);
  }

  @Test
  void anOperatorRestartedInTheMiddleOfAnUpgradeFinishesItWithOneJob(ApiServer server) throws Exception {
    String restarted = server.newNamespace("restarted");
    MiniClusterJobManager pods = new MiniClusterJobManager(server.client(), restarted, FLINK);
    SluiceOperator first = new SluiceOperator(server.client(), TestSettings.watching(restarted), FLINK.resolver(),
        Clock.systemUTC());
    first.start();
    createCounts(restarted);
    String firstPlan = await("running").until(() -> pipeline(restarted),
        p -> status(p, s -> s.getPhase() == Phase.Running)).getStatus().getPlanHash();

    patch(restarted, "{\"spec\": {\"sql\": \"INSERT INTO clicks_per_user SELECT user_id, COUNT(*) AS clicks "
        + "FROM clicks WHERE user_id < 100 GROUP BY user_id\"}}");
    // Stop the operator between the savepoint and the deployment of the new plan.
    Pipeline halfway = await("savepoint taken").pollInterval(Duration.ofMillis(50)).until(() -> pipeline(restarted),
        p -> status(p, s -> s.getSavepoint() != null && s.getSavepoint().getReason() == SavepointReason.UPGRADE));
    first.close();
    assertEquals(firstPlan, halfway.getStatus().getPlanHash(), "stopped before the new plan was deployed");

    SluiceOperator second = new SluiceOperator(server.client(), TestSettings.watching(restarted), FLINK.resolver(),
        Clock.systemUTC());
    try (pods; second) {
      second.start();
      Pipeline done = await("upgraded").until(() -> pipeline(restarted), p -> status(p,
          s -> s.getPhase() == Phase.Running && !firstPlan.equals(s.getPlanHash()) && s.getJob() != null));
      assertEquals(normalise(halfway.getStatus().getSavepoint().getPath()),
          normalise(FLINK.restoredFrom(done.getStatus().getJob().getId())));
      Awaitility.await("no second upgraded job").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> pods.starts("counts") == 2);
      assertEquals(2, pods.starts("counts"), "the first job and the upgraded one; no second upgraded job");
      assertEquals(1, new FlinkRestClient().jobs(FLINK.endpoint()).stream()
          .filter(job -> !job.state().terminal() && job.name().equals("sluice/" + restarted + "/counts")).count());
    }
  }

  /**
   * A resume that follows a suspend before the pods are acted on: the job manager's Deployment
   * goes to zero and back between two looks of a slow controller. The savepoint to start from is
   * in the pod template, so the pod is replaced all the same. Before it was, the old pod stayed,
   * with the job the suspend had finished, and nothing ran again.
   */
  @Test
  void aResumeQuickerThanThePodControllerStillStartsFromTheSuspendSavepoint(ApiServer server) throws Exception {
    String quick = server.newNamespace("quick-resume");
    try (MiniClusterJobManager pods = new MiniClusterJobManager(server.client(), quick, FLINK,
            Duration.ofSeconds(5));
        SluiceOperator sluice = new SluiceOperator(server.client(), TestSettings.watching(quick), FLINK.resolver(),
            Clock.systemUTC())) {
      sluice.start();
      createCounts(quick);
      String firstJob = await("running").until(() -> pipeline(quick), p -> status(p, s -> s.getPhase() == Phase.Running
          && s.getJob() != null)).getStatus().getJob().getId();

      patch(quick, "{\"spec\": {\"suspend\": true}}");
      String savepoint = await("suspended").pollInterval(Duration.ofMillis(100)).until(() -> pipeline(quick),
          p -> status(p, s -> s.getPhase() == Phase.Suspended && s.getSavepoint() != null))
          .getStatus().getSavepoint().getPath();
      patch(quick, "{\"spec\": {\"suspend\": false}}");

      Pipeline resumed = await("resumed").until(() -> pipeline(quick), p -> status(p, s -> s.getPhase() == Phase.Running
          && s.getJob() != null && !s.getJob().getId().equals(firstJob)));
      String resumedJob = resumed.getStatus().getJob().getId();
      assertEquals(normalise(savepoint), normalise(FLINK.restoredFrom(resumedJob)));
      assertEquals(2, pods.starts("counts"));
      // The cluster's slots are shared by this class's tests.
      FLINK.cancel(resumedJob);
    }
  }

  @Test
  void anUpgradeWhoseJobKeepsFailingIsRolledBackToTheStablePlanAndItsState(ApiServer server) throws Exception {
    String rollback = server.newNamespace("rollback");
    try (MiniClusterJobManager pods = new MiniClusterJobManager(server.client(), rollback, FLINK);
        SluiceOperator sluice = new SluiceOperator(server.client(), TestSettings.watching(rollback), FLINK.resolver(),
            Clock.systemUTC())) {
      sluice.start();
      createCounts(rollback);
      Pipeline stable = await("stable").until(() -> pipeline(rollback), p -> status(p, s -> s.getPhase() == Phase.Running
          && s.getPlanHash().equals(s.getLastStablePlanHash())));
      String stablePlan = stable.getStatus().getPlanHash();

      // The planner accepts this SQL, but every row fails its CAST at run time, so the job restarts forever.
      patch(rollback, "{\"spec\": {\"rollback\": {\"enabled\": true, \"timeout\": \"15s\"}, \"sql\": \"INSERT INTO "
          + "clicks_per_user SELECT user_id, COUNT(*) AS clicks FROM clicks "
          + "WHERE CAST(CONCAT('x', CAST(user_id AS STRING)) AS INT) > 0 GROUP BY user_id\"}}");
      Pipeline rolledBack = await("rolled back").until(() -> pipeline(rollback), p -> status(p,
          s -> s.getRollback() != null && s.getPhase() == Phase.Running && s.getJob() != null));
      PipelineStatus status = rolledBack.getStatus();
      String failedPlan = status.getRollback().getFromPlanHash();
      assertNotEquals(stablePlan, failedPlan);
      assertEquals(stablePlan, status.getRollback().getToPlanHash());
      assertTrue(status.getRollback().getReason().contains("java.lang.NumberFormatException: For input string: 'x"),
          "the reason names the failed job's cause: " + status.getRollback().getReason());
      assertEquals(stablePlan, status.getPlanHash(), "the stable plan runs again");
      assertEquals(normalise(status.getSavepoint().getPath()), normalise(FLINK.restoredFrom(status.getJob().getId())),
          "from the savepoint the upgrade took when it left the stable plan");
      var degraded = Conditions.find(status.getConditions(), "Degraded").orElseThrow();
      assertEquals("True", degraded.getStatus());
      assertEquals("RolledBack", degraded.getReason());
      assertTrue(api.events(rollback, "counts").stream().anyMatch(e -> "RolledBack".equals(e.getReason())
          && "Warning".equals(e.getType())));

      // The Pipeline still asks for the failed plan; it is not deployed again.
      Awaitility.await("the failed plan stays rolled back").during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(15)).until(() -> pods.starts("counts") == 3);
      assertEquals(3, pods.starts("counts"), "the stable job, the failing upgrade, the rollback");
      assertEquals(stablePlan, pipeline(rollback).getStatus().getPlanHash());

      // A fixed Pipeline is a new plan, and the upgrade goes ahead from the rolled-back job's savepoint.
      patch(rollback, "{\"spec\": {\"sql\": \"INSERT INTO clicks_per_user SELECT user_id, COUNT(*) AS clicks "
          + "FROM clicks WHERE user_id > 1 GROUP BY user_id\"}}");
      Pipeline fixed = await("fixed").until(() -> pipeline(rollback), p -> status(p, s -> s.getPhase() == Phase.Running
          && !s.getPlanHash().equals(stablePlan) && !s.getPlanHash().equals(failedPlan)
          && s.getPlanHash().equals(s.getLastStablePlanHash())));
      assertEquals("False", Conditions.find(fixed.getStatus().getConditions(), "Degraded").orElseThrow().getStatus());
      assertEquals(4, pods.starts("counts"));
    }
  }

  private static ConditionFactory await(String what) {
    return Awaitility.await(what).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500));
  }

  private static Pipeline pipeline() {
    return pipeline(namespace);
  }

  private static Pipeline pipeline(String inNamespace) {
    return api.client().resources(Pipeline.class).inNamespace(inNamespace).withName("counts").get();
  }

  private static boolean status(Pipeline pipeline, Predicate<PipelineStatus> condition) {
    return pipeline != null && pipeline.getStatus() != null && condition.test(pipeline.getStatus());
  }

  private static void patch(String mergePatch) {
    patch(namespace, mergePatch);
  }

  private static void patch(String inNamespace, String mergePatch) {
    api.client().genericKubernetesResources("sluice.dev/v1alpha1", "Pipeline").inNamespace(inNamespace)
        .withName("counts").patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }

  private static void createCounts(String inNamespace) throws Exception {
    try (InputStream in = Files.newInputStream(TestPaths.repoRoot().resolve("operator/src/test/resources/lifecycle/counts.yaml"))) {
      api.client().load(in).inNamespace(inNamespace).create();
    }
  }

  private static String jobState(String jobId) {
    return new FlinkRestClient().jobs(FLINK.endpoint()).stream()
        .filter(job -> job.id().equals(jobId)).findFirst().orElseThrow().state().name();
  }

  private static String normalise(String path) {
    return path.replaceFirst("^file:", "").replaceFirst("^/+", "/");
  }
}
