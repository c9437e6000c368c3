package dev.sluice.reconciler.pipeline;

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
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An upgrade through a savepoint while every look at the job manager causes another reconcile at
 * once, before the watch can deliver the status just written: each reconcile still sees the
 * status the one before it wrote, so the job is stopped with one savepoint and deployed once.
 */
@ExtendWith(RealApiServer.class)
class StaleStatusTest {

  @Test
  void reconcilesHardOnEachOthersHeelsTakeOneSavepointAndDeployOnce(ApiServer api) throws IOException {
    String namespace = api.newNamespace("stale");
    FakeFlinkJobClient flink = new FakeFlinkJobClient(PipelinePlan.jobName(namespace, "counts"));
    try (SluiceOperator operator = OperatorOnFakeFlink.startWithCountsRunning(api, namespace, flink)) {
      // The first deployment's own resources' events reconcile at once; they see it deployed.
      assertEquals(1, count(api, namespace, "Deploying"), "one first deployment");

      AtomicInteger touches = new AtomicInteger();
      flink.onCall(() -> api.client().configMaps().inNamespace(namespace).withName("counts-plan")
          .edit(map -> {
            map.getMetadata().getAnnotations().put("test/touch", String.valueOf(touches.incrementAndGet()));
            return map;
          }));
      api.client().resources(Pipeline.class).inNamespace(namespace).withName("counts").patch(
          PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"sql\": \"INSERT INTO clicks_per_user "
              + "SELECT user_id, COUNT(*) + 0 AS clicks FROM clicks GROUP BY user_id;\"}}");
      await().atMost(Duration.ofSeconds(30)).until(() -> flink.stops() >= 1);
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> flink.stops() == 1);

      flink.completeSavepoint("file:///tmp/sluice-test-state/savepoint-1");
      await().atMost(Duration.ofSeconds(30)).until(() -> count(api, namespace, "Upgrading") >= 1);
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
          .until(() -> count(api, namespace, "Upgrading") == 1 && flink.stops() == 1);
      assertEquals(1, count(api, namespace, "SavepointTaken"), "the written savepoint is taken up once");
      flink.onCall(() -> { });
      assertEquals(true, touches.get() > 5, "the reconciles followed each other closely: " + touches.get());
    }
  }

  /** How many times an event of this reason was recorded; a repeated one is counted on one Event. */
  private static int count(ApiServer api, String namespace, String reason) {
    return api.events(namespace, "counts").stream().filter(e -> reason.equals(e.getReason()))
        .mapToInt(Event::getCount).sum();
  }
}
