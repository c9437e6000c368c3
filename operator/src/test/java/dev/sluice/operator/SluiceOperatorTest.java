package dev.sluice.operator;

import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import dev.sluice.testing.TestSettings;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator process: leader election through a Lease, probes and Prometheus metrics. */
@ExtendWith(RealApiServer.class)
class SluiceOperatorTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void electsALeaderServesProbesAndPublishesMetrics(ApiServer api) throws Exception {
    String operatorNamespace = api.newNamespace("sluice-system");
    String watched = api.newNamespace("watched");
    OperatorSettings settings = TestSettings.watching(Set.of(watched), true, operatorNamespace);
    try (SluiceOperator operator = new SluiceOperator(api.client(), settings, Clock.systemUTC());
         HttpEndpoints endpoints = new HttpEndpoints(0, operator.registry(), operator::isHealthy, operator::isRunning)) {
      assertEquals(503, get(endpoints, "/readyz").statusCode(), "ready before it started");
      operator.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> get(endpoints, "/readyz").statusCode() == 200);
      assertEquals(200, get(endpoints, "/healthz").statusCode());

      Lease lease = await().atMost(Duration.ofSeconds(30)).until(() -> api.client().leases()
          .inNamespace(operatorNamespace).withName(OperatorSettings.LEASE_NAME).get(), l -> l != null);
      assertTrue(lease.getSpec().getHolderIdentity() != null && !lease.getSpec().getHolderIdentity().isBlank());

      api.createExample(watched, "iot-sensors", "datasets.yaml");
      await().atMost(Duration.ofSeconds(30)).until(() -> get(endpoints, "/metrics").body()
          .contains("operator_sdk_reconciliations_success"));
      String metrics = get(endpoints, "/metrics").body();
      assertTrue(metrics.contains("namespace=\"" + watched + "\""), "per-resource metrics name the namespace");
      assertTrue(metrics.lines().filter(line -> line.startsWith("operator_sdk_"))
          .noneMatch(line -> line.contains("quantile=") || line.contains("_bucket{")),
          "no per-resource percentiles or histograms of the SDK's timers");
    }
  }

  /** Two factories of the same priority make Fabric8 pick one at random at each start. */
  @Test
  void theKubernetesClientHasOneHttpClientToChooseTheJdks() {
    List<String> factories = ServiceLoader.load(io.fabric8.kubernetes.client.http.HttpClient.Factory.class).stream()
        .map(factory -> factory.type().getSimpleName()).toList();
    assertEquals(List.of("JdkHttpClientFactory"), factories);
  }

  @Test
  void settingsComeFromTheEnvironmentWithSaneDefaults() {
    OperatorSettings defaults = OperatorSettings.fromEnvironment(Map.of());
    assertTrue(defaults.watchesAllNamespaces());
    assertTrue(defaults.leaderElection());
    assertEquals(8080, defaults.httpPort());
    OperatorSettings listed = OperatorSettings.fromEnvironment(Map.of("SLUICE_WATCH_NAMESPACES", "a, b,,",
        "SLUICE_LEADER_ELECTION", "false", "SLUICE_HTTP_PORT", "9090"));
    assertEquals(Set.of("a", "b"), listed.watchNamespaces());
    assertEquals(9090, listed.httpPort());
    IllegalArgumentException error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> OperatorSettings.fromEnvironment(Map.of("SLUICE_HTTP_PORT", "eighty")));
    assertTrue(error.getMessage().contains("SLUICE_HTTP_PORT"));
  }

  private HttpResponse<String> get(HttpEndpoints endpoints, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoints.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
