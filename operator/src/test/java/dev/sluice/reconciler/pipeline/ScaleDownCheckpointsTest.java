package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
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
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A scale-down on a real API server against a FAKE job manager whose checkpoints complete only when
 * the test says: the task managers stay while the checkpoint asked for is under way, a scale-down
 * given up meanwhile leaves nothing behind, and the next one asks again. The real-component test
 * of the same rule is {@link RescaleCheckpointsTest}, on a MiniCluster.
 */
@ExtendWith(RealApiServer.class)
class ScaleDownCheckpointsTest {

  @Test
  void theTaskManagersStayUntilTheCheckpointIsDoneAndAScaleDownGivenUpAsksAgainNextTime(ApiServer api)
      throws IOException {
    String namespace = api.newNamespace("scale-down");
    FakeFlinkJobClient flink = new FakeFlinkJobClient(PipelinePlan.jobName(namespace, "counts"));
    try (SluiceOperator operator = OperatorOnFakeFlink.startWithCountsRunning(api, namespace, flink)) {
      assertEquals(2, taskManagers(api, namespace));

      setParallelism(api, namespace, 1);
      await().atMost(Duration.ofSeconds(30)).until(() -> flink.checkpointTriggers() == 1);
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
          .until(() -> taskManagers(api, namespace) == 2 && phase(api, namespace) == Phase.Scaling);

      // Given up before the checkpoint completed: the parallelism is the deployed one again.
      setParallelism(api, namespace, 2);
      await().atMost(Duration.ofSeconds(30)).until(() -> phase(api, namespace) == Phase.Running);

      setParallelism(api, namespace, 1);
      await().atMost(Duration.ofSeconds(30)).until(() -> flink.checkpointTriggers() == 2);
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> taskManagers(api, namespace) == 2);
      flink.completeCheckpoints();
      await().atMost(Duration.ofSeconds(30)).until(() -> taskManagers(api, namespace) == 1);

      List<Event> asked = api.events(namespace, "counts").stream()
          .filter(e -> "RescaleCheckpoint".equals(e.getReason())).toList();
      assertEquals(List.of("Normal"), asked.stream().map(Event::getType).distinct().toList(), "no warning: " + asked);
      assertEquals(2, asked.stream().mapToInt(Event::getCount).sum(), "asked twice: " + asked);
    }
  }

  private static void setParallelism(ApiServer api, String namespace, int parallelism) {
    api.client().resources(Pipeline.class).inNamespace(namespace).withName("counts").patch(
        PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"parallelism\": {\"initial\": %d, \"min\": %d, \"max\": %d}}}"
            .formatted(parallelism, parallelism, parallelism));
  }

  private static int taskManagers(ApiServer api, String namespace) {
    return api.client().apps().deployments().inNamespace(namespace).withName("counts-taskmanager").get().getSpec()
        .getReplicas();
  }

  private static Phase phase(ApiServer api, String namespace) {
    Pipeline pipeline = api.client().resources(Pipeline.class).inNamespace(namespace).withName("counts").get();
    return pipeline == null || pipeline.getStatus() == null ? null : pipeline.getStatus().getPhase();
  }
}
