package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.SavepointReason;
import dev.sluice.api.pipeline.SavepointStatus;
import dev.sluice.operator.SluiceOperator;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.FakeFlinkJobClient;
import dev.sluice.testing.OperatorOnFakeFlink;
import dev.sluice.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A savepoint in flight while the job manager's REST API fails, for an upgrade and for a
 * deletion, with a FAKE job manager under the real operator and API server: the savepoint is
 * tracked in {@code status.pendingSavepoint}, never triggered twice, and its end is taken up once;
 * a stop whose answer never reached status is found in what Flink reports, and a deployment that
 * status never recorded is recorded, not done again.
 */
@ExtendWith(RealApiServer.class)
class SavepointInFlightTest {

  @Test
  void restFailuresDuringAnUpgradesSavepointNeitherRepeatItNorDeployEarly(ApiServer api) throws IOException {
    String namespace = api.newNamespace("inflight-upgrade");
    FakeFlinkJobClient flink = new FakeFlinkJobClient(PipelinePlan.jobName(namespace, "counts"));
    try (SluiceOperator operator = OperatorOnFakeFlink.startWithCountsRunning(api, namespace, flink)) {
      api.client().resources(Pipeline.class).inNamespace(namespace).withName("counts").patch(
          PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"sql\": \"INSERT INTO clicks_per_user "
              + "SELECT user_id, COUNT(*) + 0 AS clicks FROM clicks GROUP BY user_id;\"}}");
      SavepointStatus pending = awaitPendingSavepoint(api, namespace);
      assertEquals(SavepointReason.UPGRADE, pending.getReason());

      flink.failWith(new IllegalStateException("connection refused"));
      await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> flink.stops() == 1
          && count(api, namespace, "Upgrading") == 0 && pendingSavepoint(api, namespace).isPresent());

      flink.failWith(null);
      flink.completeSavepoint("file:///tmp/sluice-test-state/savepoint-1");
      await().atMost(Duration.ofSeconds(30)).until(() -> count(api, namespace, "Upgrading") == 1);
      assertEquals(1, flink.stops());
      assertTrue(pendingSavepoint(api, namespace).isEmpty());
      assertEquals("file:///tmp/sluice-test-state/savepoint-1", pipeline(api, namespace).getStatus().getSavepoint()
          .getPath());
    }
  }

  /** As when the leader that asked for the stop went away before it could write status. */
  @Test
  void aStopWhoseAnswerIsLostIsFoundInFlinkAndTheUpgradeGoesOnFromItsSavepoint(ApiServer api) throws IOException {
    String namespace = api.newNamespace("lost-stop");
    FakeFlinkJobClient flink = new FakeFlinkJobClient(PipelinePlan.jobName(namespace, "counts"));
    try (SluiceOperator operator = OperatorOnFakeFlink.startWithCountsRunning(api, namespace, flink)) {
      String location = "file:///tmp/sluice-test-state/savepoint-lost";
      flink.loseTheNextStopsAnswer(location);
      api.client().resources(Pipeline.class).inNamespace(namespace).withName("counts").patch(
          PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"sql\": \"INSERT INTO clicks_per_user "
              + "SELECT user_id, COUNT(*) + 0 AS clicks FROM clicks GROUP BY user_id;\"}}");

      // The event goes out before the reconcile writes status.
      SavepointStatus found = await().atMost(Duration.ofSeconds(30))
          .until(() -> pipeline(api, namespace).getStatus().getSavepoint(),
              savepoint -> savepoint != null && Boolean.TRUE.equals(savepoint.getRestored()));
      assertEquals(location, found.getPath(), "the new plan was deployed from it");
      assertEquals(SavepointReason.UPGRADE, found.getReason());
      assertEquals(1, count(api, namespace, "Upgrading"));
      assertEquals(1, flink.stops(), "a job that has ended is not asked to stop again");
      assertTrue(api.events(namespace, "counts").stream().anyMatch(e -> "SavepointTaken".equals(e.getReason())
          && e.getMessage().contains("had stopped with savepoint " + location)));
      assertTrue(api.events(namespace, "counts").stream().anyMatch(e -> "Upgrading".equals(e.getReason())
          && e.getMessage().endsWith("from " + location)));
    }
  }

  @Test
  void aDeletionsSavepointIsTrackedInStatusThroughRestFailuresAndTakenOnce(ApiServer api) throws IOException {
    String namespace = api.newNamespace("inflight-delete");
    FakeFlinkJobClient flink = new FakeFlinkJobClient(PipelinePlan.jobName(namespace, "counts"));
    try (SluiceOperator operator = OperatorOnFakeFlink.startWithCountsRunning(api, namespace, flink)) {
      api.client().resources(Pipeline.class).inNamespace(namespace).withName("counts").delete();
      SavepointStatus pending = awaitPendingSavepoint(api, namespace);
      assertEquals(SavepointReason.DELETE, pending.getReason());

      flink.failWith(new IllegalStateException("connection refused"));
      await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
          .until(() -> flink.stops() == 1 && pendingSavepoint(api, namespace).isPresent());

      flink.failWith(null);
      flink.completeSavepoint("file:///tmp/sluice-test-state/savepoint-2");
      await().atMost(Duration.ofSeconds(30)).until(() -> pipeline(api, namespace) == null);
      assertEquals(1, flink.stops());
      assertTrue(api.events(namespace, "counts").stream().anyMatch(e -> "SavepointTaken".equals(e.getReason())
          && e.getMessage().contains("stopped with savepoint file:///tmp/sluice-test-state/savepoint-2")));
    }
  }

  /** As when the leader went away after it had applied the new plan and before it wrote status. */
  @Test
  void aDeploymentAppliedButNotRecordedIsRecordedWithoutStoppingItsJobManagerAgain(ApiServer api) throws IOException {
    String namespace = api.newNamespace("unrecorded");
    FakeFlinkJobClient flink = new FakeFlinkJobClient(PipelinePlan.jobName(namespace, "counts"));
    String location = "file:///tmp/sluice-test-state/savepoint-unrecorded";
    String oldPlan;
    String newPlan;
    try (SluiceOperator operator = OperatorOnFakeFlink.startWithCountsRunning(api, namespace, flink)) {
      oldPlan = pipeline(api, namespace).getStatus().getPlanHash();
      api.client().resources(Pipeline.class).inNamespace(namespace).withName("counts").patch(
          PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"sql\": \"INSERT INTO clicks_per_user "
              + "SELECT user_id, COUNT(*) + 0 AS clicks FROM clicks GROUP BY user_id;\"}}");
      awaitPendingSavepoint(api, namespace);
      flink.completeSavepoint(location);
      newPlan = await().atMost(Duration.ofSeconds(30)).until(() -> pipeline(api, namespace).getStatus(),
          s -> !oldPlan.equals(s.getPlanHash()) && Boolean.TRUE.equals(s.getSavepoint().getRestored())).getPlanHash();
    }
    var jobManager = api.client().apps().deployments().inNamespace(namespace).withName("counts-jobmanager");
    long generation = jobManager.get().getMetadata().getGeneration();
    api.client().resources(Pipeline.class).inNamespace(namespace).withName("counts").editStatus(pipeline -> {
      pipeline.getStatus().setPlanHash(oldPlan);
      pipeline.getStatus().getSavepoint().setRestored(false);
      return pipeline;
    });

    try (SluiceOperator operator = OperatorOnFakeFlink.start(api, namespace, flink)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> pipeline(api, namespace).getStatus(),
          s -> newPlan.equals(s.getPlanHash()) && Boolean.TRUE.equals(s.getSavepoint().getRestored()));
      assertEquals(location, pipeline(api, namespace).getStatus().getSavepoint().getPath());
      assertEquals(generation, jobManager.get().getMetadata().getGeneration(),
          "the job manager was neither scaled down nor changed: the deployment stands as it was applied");
      assertEquals(1, jobManager.get().getSpec().getReplicas());
    }
  }

  private static SavepointStatus awaitPendingSavepoint(ApiServer api, String namespace) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> pendingSavepoint(api, namespace), Optional::isPresent)
        .orElseThrow();
  }

  private static Optional<SavepointStatus> pendingSavepoint(ApiServer api, String namespace) {
    Pipeline pipeline = pipeline(api, namespace);
    return Optional.ofNullable(pipeline).map(Pipeline::getStatus).map(status -> status.getPendingSavepoint());
  }

  private static Pipeline pipeline(ApiServer api, String namespace) {
    return api.client().resources(Pipeline.class).inNamespace(namespace).withName("counts").get();
  }

  private static int count(ApiServer api, String namespace, String reason) {
    return api.events(namespace, "counts").stream().filter(e -> reason.equals(e.getReason()))
        .mapToInt(Event::getCount).sum();
  }
}
