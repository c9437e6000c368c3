package dev.sluice.reconciler.slo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.fixtures.Scenario;
import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.slo.BurnRate;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.api.slo.SloSpec;
import dev.sluice.api.slo.SloState;
import dev.sluice.fixtures.KafkaBroker;
import dev.sluice.flink.FlinkTestCluster;
import dev.sluice.reconciler.Conditions;
import dev.sluice.slo.HistoryJson;
import dev.sluice.slo.SliSample;
import dev.sluice.slo.SloPolicy;
import dev.sluice.slo.SloTracker;
import dev.sluice.operator.HttpEndpoints;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.GrafanaDashboard;
import dev.sluice.testing.OperatorOnFlink;
import dev.sluice.testing.PrometheusServer;
import dev.sluice.testing.RealApiServer;
import dev.sluice.testing.TestPaths;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A freshness SLO on a pipeline's output, on a real API server with the job on a real Flink
 * MiniCluster reading a real Kafka broker: Healthy while the job runs, Burning once the pipeline
 * is suspended and its output ages past the threshold, Healthy again after it resumes, and the
 * same compliance after the operator restarts.
 * <p>
 * The SLO is 99 % fresh within 10 s over one day. Its window starts with six hours of fresh
 * history in its ConfigMap, as a restart would find it: then the short windows can burn (1h above
 * 1 % bad after 36 s of staleness) while the day stays within budget (1 % of six hours is 216 s),
 * and the test takes minutes rather than hours. Recovery waits for the 5m window to drop below 1 %
 * bad, about five minutes after the output is fresh again.
 * <p>
 * The same pipeline and SLO, with Prometheus scraping the operator, check the Grafana dashboard
 * that the chart ships.
 */
@Scenario
@ExtendWith(RealApiServer.class)
class SloOnFlinkTest {

  @RegisterExtension
  static final FlinkTestCluster FLINK = new FlinkTestCluster();

  private static final String SLO = """
      apiVersion: sluice.dev/v1alpha1
      kind: ServiceLevelObjective
      metadata: {name: copies-fresh}
      spec:
        target: {kind: Pipeline, name: copy}
        indicator: {freshness: {threshold: 10s}}
        objective: 99
        window: 1d
      """;

  private static final String DASHBOARD = "helm/sluice/dashboards/sluice.json";

  private ApiServer api;
  private String namespace;

  @Test
  void healthyThenBurningWhenStoppedThenRecoveredAndAcrossARestart(ApiServer server) throws Exception {
    api = server;
    try (OperatorOnFlink sluice = OperatorOnFlink.start(server, FLINK, "slo")) {
      namespace = sluice.namespace();
      createCopyPipeline("");
      await(Duration.ofMinutes(2)).until(this::pipeline, p -> p.getStatus() != null
          && p.getStatus().getPhase() == Phase.Running && p.getStatus().getFreshThrough() != null
          && p.getStatus().getFreshnessSeconds() != null && p.getStatus().getFreshnessSeconds() < 10);

      seedSixFreshHours();
      create(SLO);
      ServiceLevelObjective healthy = awaitSlo(Duration.ofMinutes(1), s -> s.getState() == SloState.Healthy);
      assertTrue(Conditions.isTrue(healthy.getStatus().getConditions(), SloStatuses.READY));
      assertTrue(healthy.getStatus().getSli() < 10, "freshness in seconds: " + healthy.getStatus().getSli());
      assertEquals(100.0, healthy.getStatus().getCompliance(), 1e-9);
      assertEquals(healthy.getMetadata().getGeneration(), healthy.getStatus().getObservedGeneration());
      String table = api.kubectl("get", "slo", "-n", namespace);
      assertTrue(table.contains("copies-fresh") && table.contains("copy") && table.contains("Healthy"), table);

      // Stopped: the output's freshThrough stays put and ages past 10 s; the short windows burn.
      patchPipeline("{\"spec\": {\"suspend\": true}}");
      ServiceLevelObjective burning = awaitSlo(Duration.ofMinutes(3), s -> s.getState() == SloState.Burning);
      assertTrue(burning.getStatus().getSli() > 10);
      assertTrue(rate(burning, "5m") > 1 && rate(burning, "1h") > 1, burning.getStatus().getBurnRates().toString());
      assertTrue(burning.getStatus().getErrorBudgetRemaining() > 0, "the day is still within budget");
      assertEquals(List.of("page"), burning.getStatus().getFiring());
      assertTrue(events().stream().anyMatch(e -> "Burning".equals(e.getReason()) && "Warning".equals(e.getType())
          && e.getMessage().contains("page (1h/5m")), events().toString());
      String metrics = sluice.operator().registry().scrape();
      assertTrue(metrics.contains("sluice_slo_burn_rate{namespace=\"" + namespace + "\",slo=\"copies-fresh\",window=\"5m\"}"),
          metrics);
      assertTrue(metrics.contains("sluice_slo_good_events_total{namespace=\"" + namespace + "\",slo=\"copies-fresh\"}"),
          metrics);

      // Resumed: fresh again, and Healthy once the 5m window holds less than 1 % of staleness.
      patchPipeline("{\"spec\": {\"suspend\": false}}");
      ServiceLevelObjective recovered = awaitSlo(Duration.ofMinutes(8), s -> s.getState() == SloState.Healthy);
      assertTrue(events().stream().anyMatch(e -> "Recovered".equals(e.getReason()) && "Normal".equals(e.getType())),
          events().toString());
      assertEquals(List.of(), recovered.getStatus().getFiring());
      double compliance = recovered.getStatus().getCompliance();
      assertTrue(compliance < 100 && compliance > 99, "some staleness was counted: " + compliance);
      ConfigMap history = api.client().configMaps().inNamespace(namespace).withName("copies-fresh-slo-history").get();
      assertEquals(recovered.getMetadata().getUid(), history.getMetadata().getOwnerReferences().get(0).getUid(),
          "the history goes with the SLO");

      // A new operator continues the window from the ConfigMap: the staleness is still counted.
      Instant beforeRestart = Instant.now();
      sluice.restartOperator();
      ServiceLevelObjective restarted = awaitSlo(Duration.ofMinutes(1), s -> s.getLastEvaluationTime() != null
          && Instant.parse(s.getLastEvaluationTime()).isAfter(beforeRestart.plusSeconds(2))
          && s.getState() == SloState.Healthy);
      assertEquals(compliance, restarted.getStatus().getCompliance(), 0.02,
          "at most a minute of history is lost in a restart");
      assertTrue(restarted.getStatus().getCompliance() < 100);

      // A new objective applies at once to the same history.
      api.client().resources(ServiceLevelObjective.class).inNamespace(namespace).withName("copies-fresh")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"objective\": 99.99}}");
      ServiceLevelObjective stricter = awaitSlo(Duration.ofSeconds(30), s -> s.getObservedGeneration() == 2);
      assertEquals(SloState.Exhausted, stricter.getStatus().getState(), "0.01 % of the day is under 9 s of staleness");
      assertTrue(stricter.getStatus().getErrorBudgetRemaining() < 0, "overspent");
      Awaitility.await("exhausted event").atMost(Duration.ofSeconds(10)).until(() -> events().stream()
          .anyMatch(e -> "Exhausted".equals(e.getReason()) && "Warning".equals(e.getType())
              && e.getMessage().contains("against the objective of 99.99%")));
    }
  }

  /**
   * The chart's Grafana dashboard against the operator as Prometheus scrapes it: a real
   * Prometheus scrapes the operator's /metrics every second while the pipeline runs and its SLO
   * is evaluated, and every panel's query, with the dashboard's variables set to them, parses and
   * returns a series with a number. A metric renamed in the operator fails here.
   */
  @Test
  void everyDashboardQueryReturnsNumbersFromTheOperatorThroughPrometheus(ApiServer server) throws Exception {
    api = server;
    try (OperatorOnFlink sluice = OperatorOnFlink.start(server, FLINK, "dashboard");
        HttpEndpoints endpoints = new HttpEndpoints(0, sluice.operator().registry(), () -> true, () -> true)) {
      namespace = sluice.namespace();
      // Record "b" fails the rule and is dropped: one violation.
      createCopyPipeline("quality: [{name: known_keys, input: taps, expression: \"k <> 'b'\", action: drop}]");
      await(Duration.ofMinutes(2)).until(this::pipeline, p -> p.getStatus() != null
          && p.getStatus().getPhase() == Phase.Running && p.getStatus().getThroughput() != null
          && p.getStatus().getLag() != null && p.getStatus().getCheckpoint() != null
          && p.getStatus().getCheckpoint().getLastDurationMillis() != null
          && p.getStatus().getQuality().size() == 1 && p.getStatus().getQuality().get(0).getViolations() == 1);
      seedSixFreshHours();
      create(SLO);
      awaitSlo(Duration.ofMinutes(1), s -> s.getState() == SloState.Healthy);

      GrafanaDashboard dashboard = GrafanaDashboard.read(TestPaths.repoRoot().resolve(DASHBOARD),
          Map.of("namespace", namespace, "pipeline", "copy", "__rate_interval", "1m"));
      try (PrometheusServer prometheus = PrometheusServer.scraping("127.0.0.1:" + endpoints.port())) {
        // rate() and increase() need two samples of a series.
        await(Duration.ofSeconds(30)).until(() -> numbers(prometheus.query("count_over_time(up[1m])")), n -> n.contains(3.0));
        assertTrue(numbers(prometheus.query("up")).contains(1.0), prometheus.log());
        List<String> failures = new ArrayList<>();
        for (GrafanaDashboard.PanelQuery query : dashboard.panelQueries()) {
          JsonNode answer = prometheus.query(query.expression());
          if (!"success".equals(answer.path("status").asText())
              || numbers(answer).stream().noneMatch(Double::isFinite)) {
            failures.add(query.panel() + ": " + query.expression() + " -> " + answer);
          }
        }
        for (GrafanaDashboard.VariableQuery variable : dashboard.variableQueries()) {
          JsonNode answer = prometheus.query(variable.selector());
          if (!answer.path("data").path("result").findValuesAsText(variable.label()).contains(offered(variable))) {
            failures.add("$" + variable.variable() + ": " + variable.selector() + " -> " + answer);
          }
        }
        assertFalse(dashboard.panelQueries().isEmpty());
        assertEquals(List.of(), failures, "dashboard queries without a number");
      }
    }
  }

  /** The value each variable must offer here: the test's namespace, or its pipeline. */
  private String offered(GrafanaDashboard.VariableQuery variable) {
    return "namespace".equals(variable.label()) ? namespace : "copy";
  }

  /** The values of an instant query's answer. */
  private static List<Double> numbers(JsonNode answer) {
    List<Double> numbers = new ArrayList<>();
    answer.path("data").path("result").forEach(series -> numbers.add(Double.parseDouble(series.path("value").get(1).asText())));
    return numbers;
  }

  /**
   * A Kafka topic with two records, copied by Pipeline {@code copy} into a blackhole.
   *
   * @param moreSpec YAML lines added to the Pipeline's spec, indented as its fields
   */
  private void createCopyPipeline(String moreSpec) {
    KafkaBroker kafka = KafkaBroker.shared();
    kafka.createTopic(namespace + ".taps", 1);
    create("""
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: taps}
        spec:
          connector: {kafka: {topic: %s.taps, bootstrapServers: '%s'}}
          schema: {columns: [{name: k, type: STRING}]}
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: copies}
        spec:
          connector: {blackhole: {}}
          schema: {columns: [{name: k, type: STRING}]}
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Pipeline
        metadata: {name: copy}
        spec:
          inputs: [taps]
          outputs: [copies]
          sql: INSERT INTO copies SELECT k FROM taps
          parallelism: {initial: 1, max: 1}
          checkpointing: {interval: 1s}
          %s
        """.formatted(namespace, kafka.bootstrapServers(), moreSpec));
    kafka.produce(namespace + ".taps", List.of(Map.entry("a", "{\"k\":\"a\"}"), Map.entry("b", "{\"k\":\"b\"}")));
  }

  /** Six hours of fresh samples ending now, kept in the ConfigMap the SLO's history lives in. */
  private void seedSixFreshHours() {
    SloSpec spec = Serialization.unmarshal(SLO, ServiceLevelObjective.class).getSpec();
    SloTracker tracker = new SloTracker(SloPolicy.of(spec), Duration.ofMinutes(2));
    Instant now = Instant.now();
    for (Instant at = now.minus(Duration.ofHours(6)); !at.isAfter(now); at = at.plusSeconds(10)) {
      tracker.record(at, SliSample.good(1));
    }
    api.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("copies-fresh-slo-history")
        .withLabels(Map.of(SloHistoryStore.LABEL, "copies-fresh")).endMetadata()
        .withData(Map.of(SloHistoryStore.KEY, HistoryJson.write(tracker.snapshot())))
        .build()).create();
  }

  private static double rate(ServiceLevelObjective slo, String window) {
    return slo.getStatus().getBurnRates().stream().filter(b -> window.equals(b.getWindow())).findFirst()
        .map(BurnRate::getRate).orElseThrow();
  }

  private List<Event> events() {
    return api.events(namespace, "copies-fresh");
  }

  private Pipeline pipeline() {
    return api.client().resources(Pipeline.class).inNamespace(namespace).withName("copy").get();
  }

  private void patchPipeline(String patch) {
    api.client().resources(Pipeline.class).inNamespace(namespace).withName("copy")
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  private void create(String manifests) {
    api.client().load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8))).inNamespace(namespace)
        .create();
  }

  private static ConditionFactory await(Duration atMost) {
    return Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(500));
  }

  private ServiceLevelObjective awaitSlo(Duration atMost, Predicate<dev.sluice.api.slo.SloStatus> condition) {
    return await(atMost).until(() -> api.client().resources(ServiceLevelObjective.class).inNamespace(namespace)
        .withName("copies-fresh").get(), s -> s != null && s.getStatus() != null && condition.test(s.getStatus()));
  }
}
