package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.operator.SluiceOperator;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import dev.sluice.testing.TestPaths;
import dev.sluice.testing.TestSettings;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A last-state upgrade on a real API server: the job manager of the new plan must not find the old
 * plan in Flink's Kubernetes HA ConfigMap, or it recovers that job and runs the old SQL (seen on
 * real pods, KafkaToKafkaE2E); the leader entries stay.
 */
@ExtendWith(RealApiServer.class)
class LastStateUpgradeTest {

  private static final String HA_CONFIG_MAP = "sluice-counts-cluster-config-map";
  private static final String PLAN_KEY = ClusterApplier.EXECUTION_PLAN_PREFIX + "000000006e6b13320000000000000000";

  @Test
  void aLastStateUpgradeRemovesTheOldPlanThatKubernetesHaKept(ApiServer api) throws Exception {
    String namespace = api.newNamespace("last-state");
    try (SluiceOperator operator = new SluiceOperator(api.client(), TestSettings.watching(namespace),
        Clock.systemUTC())) {
      operator.start();
      try (InputStream manifests = Files.newInputStream(TestPaths.repoRoot().resolve(
          "operator/src/test/resources/lifecycle/counts.yaml"))) {
        api.client().load(manifests).inNamespace(namespace).create();
      }
      var pipeline = api.client().resources(Pipeline.class).inNamespace(namespace).withName("counts");
      String first = await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.get().getStatus(),
          s -> s != null && s.getPlanHash() != null).getPlanHash();
      api.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
          .withNewMetadata().withName(HA_CONFIG_MAP).endMetadata()
          .withData(Map.of(PLAN_KEY, "a state handle", "org.apache.flink.k8s.leader.restserver", "a leader"))
          .build()).create();

      pipeline.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"upgradeMode\": \"last-state\", \"sql\": "
          + "\"INSERT INTO clicks_per_user SELECT user_id, COUNT(*) AS clicks FROM clicks WHERE user_id > 1 "
          + "GROUP BY user_id\"}}");

      await().atMost(Duration.ofSeconds(60)).until(() -> !first.equals(pipeline.get().getStatus().getPlanHash()));
      assertEquals(Map.of("org.apache.flink.k8s.leader.restserver", "a leader"),
          api.client().configMaps().inNamespace(namespace).withName(HA_CONFIG_MAP).get().getData());
    }
  }
}
