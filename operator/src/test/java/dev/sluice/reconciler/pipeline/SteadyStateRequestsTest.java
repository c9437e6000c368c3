package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.operator.SluiceOperator;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import dev.sluice.testing.RequestCounter;
import dev.sluice.testing.TestSettings;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a Pipeline's reconcile asks of the API server once nothing changes: it reads what it owns
 * and the Secrets it names from informers, so it sends no GET, applies nothing, and writes no status that
 * did not change.
 */
@ExtendWith(RealApiServer.class)
class SteadyStateRequestsTest {

  private static final Logger LOG = LoggerFactory.getLogger(SteadyStateRequestsTest.class);
  private static final int RECONCILES = 3;

  @Test
  void aSteadyReconcileSendsNoGetAndAppliesNothing(ApiServer api) throws IOException {
    String namespace = api.newNamespace("steady");
    for (String secret : List.of("shop-kafka-reader", "shop-kafka-writer")) {
      api.client().secrets().inNamespace(namespace).resource(new SecretBuilder()
          .withNewMetadata().withName(secret).endMetadata()
          .addToStringData("username", "user").addToStringData("password", "secret").build()).create();
    }
    RequestCounter counter = new RequestCounter(thread -> thread.startsWith("ReconcilerExecutor-"
        + PipelineReconciler.NAME + "-"));
    try (KubernetesClient client = counter.client(api);
        SluiceOperator operator = new SluiceOperator(client, TestSettings.watching(namespace), Clock.systemUTC())) {
      operator.start();
      api.createExample(namespace, "order-enrichment", "datasets.yaml", "pipeline.yaml");
      await().atMost(Duration.ofSeconds(60)).until(() -> api.client().resources(Pipeline.class).inNamespace(namespace)
          .withName("enrich-orders").get(), p -> p.getStatus() != null && p.getStatus().getPlanHash() != null);
      // Settled: the deployment's own reconcile and the ones its owned resources' events cause are over.
      double settled = reconciles(operator, namespace) + 2;
      await().atMost(Duration.ofSeconds(60)).until(() -> reconciles(operator, namespace) >= settled);

      int before = counter.requests().size();
      double start = reconciles(operator, namespace);
      await().atMost(Duration.ofSeconds(60)).until(() -> reconciles(operator, namespace) >= start + RECONCILES);
      List<RequestCounter.Request> steady = counter.requests().subList(before, counter.requests().size());
      double count = reconciles(operator, namespace) - start;
      LOG.info("{} requests in {} steady reconciles ({} per reconcile): {}", steady.size(), count,
          steady.size() / count, steady);
      // Before the informers: 10 per reconcile, 9 of them GETs (the job manager Deployment and every Secret key)
      // and a status patch that changed nothing.
      assertEquals(List.of(), steady, "no GET, no apply, no status patch");
    }
  }

  private static double reconciles(SluiceOperator operator, String namespace) {
    Counter counter = operator.registry().find("sluice_reconcile").tags("kind", "Pipeline", "namespace", namespace,
        "name", "enrich-orders", "outcome", "ok").counter();
    return counter == null ? 0 : counter.count();
  }
}
