package dev.sluice.reconciler.slo;

import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.api.slo.SloState;
import dev.sluice.operator.SluiceOperator;
import dev.sluice.reconciler.Conditions;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import dev.sluice.testing.TestPaths;
import dev.sluice.testing.TestSettings;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An SLO's alerts on the real API server: without the Prometheus Operator's kind, AlertsInstalled
 * says why and the SLO is evaluated on as usual; once the real PrometheusRule CRD is installed, the
 * SLO owns a PrometheusRule whose rules promtool accepts. The two run in order, and the CRD is
 * removed afterwards, since the API server is shared by the whole run.
 */
@ExtendWith(RealApiServer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SloAlertsTest {

  private static final Path PROMETHEUS_RULE_CRD = TestPaths.repoRoot()
      .resolve("operator/src/test/resources/prometheus-operator/monitoring.coreos.com_prometheusrules.yaml");
  private static final ResourceDefinitionContext PROMETHEUS_RULES = new ResourceDefinitionContext.Builder()
      .withGroup("monitoring.coreos.com").withVersion("v1").withKind("PrometheusRule").withPlural("prometheusrules")
      .withNamespaced(true).build();

  private static ApiServer api;
  private static SluiceOperator operator;
  private static String namespace;

  @TempDir
  Path dir;

  @BeforeAll
  static void start(ApiServer server) {
    api = server;
    namespace = server.newNamespace("slo-alerts");
    operator = new SluiceOperator(server.client(), TestSettings.watching(namespace), Clock.systemUTC());
    operator.start();
  }

  @AfterAll
  static void stop() {
    operator.close();
    api.client().apiextensions().v1().customResourceDefinitions().withName("prometheusrules.monitoring.coreos.com")
        .withTimeout(60, TimeUnit.SECONDS).delete();
  }

  @Test
  @Order(1)
  void withoutThePrometheusOperatorAlertsInstalledSaysWhyAndNothingLoops() {
    create("""
        apiVersion: sluice.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata: {name: orders-fresh}
        spec:
          target: {kind: Pipeline, name: enrich-orders}
          indicator: {freshness: {threshold: 5m}}
          objective: 99.5
        """);
    ServiceLevelObjective slo = await("orders-fresh", s -> s.getStatus() != null && s.getStatus().getState() != null);
    assertEquals(SloState.NoData, slo.getStatus().getState());
    Condition ready = condition(slo, SloStatuses.READY);
    assertEquals("False", ready.getStatus());
    assertEquals("TargetNotFound", ready.getReason());
    assertTrue(ready.getMessage().startsWith("spec.target: Pipeline enrich-orders does not exist"), ready.getMessage());
    Condition alerts = condition(slo, SloStatuses.ALERTS_INSTALLED);
    assertEquals("False", alerts.getStatus());
    assertEquals("PrometheusOperatorAbsent", alerts.getReason());
    assertTrue(alerts.getMessage().contains("monitoring.coreos.com/v1"), alerts.getMessage());

    // Evaluated again at the observation pace, not in a hot retry loop: no error, and the same condition.
    Instant first = Instant.parse(slo.getStatus().getLastEvaluationTime());
    ServiceLevelObjective later = await("orders-fresh",
        s -> Instant.parse(s.getStatus().getLastEvaluationTime()).isAfter(first));
    assertEquals(alerts.getLastTransitionTime(), condition(later, SloStatuses.ALERTS_INSTALLED).getLastTransitionTime());
    assertTrue(api.events(namespace, "orders-fresh").isEmpty(), "NoData is neither burning nor a recovery");
  }

  @Test
  @Order(2)
  void latencyIsNotMeasuredYet() {
    create("""
        apiVersion: sluice.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata: {name: orders-latency}
        spec:
          target: {kind: Dataset, name: orders}
          indicator: {latency: {threshold: 30s}}
          objective: 99
        """);
    create("""
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: orders}
        spec:
          connector: {blackhole: {}}
          schema:
            columns: [{name: id, type: BIGINT}]
        """);
    ServiceLevelObjective slo = await("orders-latency", s -> s.getStatus() != null
        && "NoData".equals(Conditions.find(s.getStatus().getConditions(), SloStatuses.READY)
            .map(Condition::getReason).orElse(null)));
    assertEquals(SloState.NoData, slo.getStatus().getState());
    assertTrue(condition(slo, SloStatuses.READY).getMessage().contains("latency is not measured yet"));
    assertEquals(null, slo.getStatus().getSli(), "never a made-up figure");
  }

  @Test
  @Order(3)
  void withThePrometheusRuleKindTheSloOwnsItsRules() throws Exception {
    try (InputStream crd = Files.newInputStream(PROMETHEUS_RULE_CRD)) {
      CustomResourceDefinition definition = api.client().apiextensions().v1().customResourceDefinitions()
          .load(crd).item();
      api.client().apiextensions().v1().customResourceDefinitions().resource(definition).create();
      api.client().apiextensions().v1().customResourceDefinitions().withName(definition.getMetadata().getName())
          .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null
              && c.getStatus().getConditions().stream()
              .anyMatch(cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
              60, TimeUnit.SECONDS);
    }
    ServiceLevelObjective slo = await("orders-fresh",
        s -> Conditions.isTrue(s.getStatus().getConditions(), SloStatuses.ALERTS_INSTALLED));
    assertEquals("RulesApplied", condition(slo, SloStatuses.ALERTS_INSTALLED).getReason());

    GenericKubernetesResource rule = api.client().genericKubernetesResources(PROMETHEUS_RULES)
        .inNamespace(namespace).withName("orders-fresh-slo").get();
    assertEquals(slo.getMetadata().getUid(), rule.getMetadata().getOwnerReferences().get(0).getUid());
    assertEquals(SluiceOperator.FIELD_MANAGER, rule.getMetadata().getManagedFields().get(0).getManager());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> groups = (List<Map<String, Object>>) ((Map<String, Object>) rule.getAdditionalProperties()
        .get("spec")).get("groups");
    String rules = groups.toString();
    assertTrue(rules.contains("SluiceSLOFastBurn") && rules.contains("SluiceSLOSlowBurn"), rules);
    assertTrue(rules.contains("sluice_slo:error_ratio:rate5m"), rules);
    String output = Promtool.run(dir, "check", "rules", Promtool.ruleFile(dir, "stored", groups).toString());
    assertTrue(output.contains("SUCCESS"), output);

    // Alerting turned off: the rule goes, and the condition says why.
    api.client().resources(ServiceLevelObjective.class).inNamespace(namespace).withName("orders-fresh")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"alerting\":{\"enabled\":false}}}");
    ServiceLevelObjective disabled = await("orders-fresh", s -> "AlertingDisabled".equals(
        Conditions.find(s.getStatus().getConditions(), SloStatuses.ALERTS_INSTALLED).map(Condition::getReason)
            .orElse(null)));
    assertEquals(disabled.getMetadata().getGeneration(), disabled.getStatus().getObservedGeneration());
    Awaitility.await("the rule is deleted").atMost(Duration.ofSeconds(30)).until(() -> api.client()
        .genericKubernetesResources(PROMETHEUS_RULES).inNamespace(namespace).withName("orders-fresh-slo").get() == null);
  }

  @Test
  @Order(4)
  void aDeletedSloLeavesNoMetricsBehind() {
    String series = "slo=\"orders-latency\"";
    assertTrue(operator.registry().scrape().contains(series), "its figures are exported while it exists");
    api.client().resources(ServiceLevelObjective.class).inNamespace(namespace).withName("orders-latency").delete();
    Awaitility.await("deleted").atMost(Duration.ofSeconds(30)).until(() -> api.client()
        .resources(ServiceLevelObjective.class).inNamespace(namespace).withName("orders-latency").get() == null);
    assertFalse(operator.registry().scrape().contains(series));
    ConfigMap history = api.client().configMaps().inNamespace(namespace).withName("orders-fresh-slo-history").get();
    assertEquals("orders-fresh", history.getMetadata().getOwnerReferences().get(0).getName(),
        "the history is owned, so the garbage collector removes it with its SLO");
  }

  private static void create(String manifest) {
    api.client().load(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8))).inNamespace(namespace)
        .create();
  }

  private static Condition condition(ServiceLevelObjective slo, String type) {
    return Conditions.find(slo.getStatus().getConditions(), type).orElseThrow(() -> new AssertionError(
        "no " + type + " condition in " + slo.getStatus().getConditions()));
  }

  private static ServiceLevelObjective await(String name, Predicate<ServiceLevelObjective> condition) {
    return Awaitility.await(name).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
        .until(() -> api.client().resources(ServiceLevelObjective.class).inNamespace(namespace).withName(name).get(),
            s -> s != null && s.getStatus() != null && condition.test(s));
  }
}
