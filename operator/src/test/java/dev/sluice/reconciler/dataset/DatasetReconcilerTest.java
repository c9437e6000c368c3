package dev.sluice.reconciler.dataset;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.dataset.DatasetStatus;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.operator.SluiceOperator;
import dev.sluice.reconciler.Conditions;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import dev.sluice.testing.TestSettings;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Dataset reconciler, in a running operator, against a real API server. */
@ExtendWith(RealApiServer.class)
class DatasetReconcilerTest {

  /** Status patches the operator sent, by the path they went to. */
  private static final Map<String, Integer> STATUS_PATCHES = new ConcurrentHashMap<>();
  private static ApiServer api;
  private static SluiceOperator operator;
  private static String lineageNamespace;
  private static String contractNamespace;

  @BeforeAll
  static void startOperator(ApiServer server) {
    api = server;
    lineageNamespace = server.newNamespace("lineage");
    contractNamespace = server.newNamespace("contract");
    // The operator's own client, counting the status patches it sends; a patch that changes nothing
    // leaves no trace on the server (no new resourceVersion), so only the sender can count it.
    KubernetesClient counting = new KubernetesClientBuilder().withConfig(server.client().getConfiguration())
        .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("status-patches", new Interceptor() {
          @Override
          public void before(BasicBuilder headers, HttpRequest request, RequestTags tags) {
            if ("PATCH".equals(request.method()) && request.uri().getPath().endsWith("/status")) {
              STATUS_PATCHES.merge(request.uri().getPath(), 1, Integer::sum);
            }
          }
        }))
        .build();
    operator = new SluiceOperator(counting, TestSettings.watching(lineageNamespace, contractNamespace),
        Clock.systemUTC());
    operator.start();
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void recordsSchemaVersionAndLineage() throws IOException {
    String namespace = lineageNamespace;
    api.createExample(namespace, "order-enrichment", "datasets.yaml", "pipeline.yaml");
    Dataset orders = awaitStatus(namespace, "orders", s -> s.getSchemaVersion() != null && !s.getConsumers().isEmpty());
    assertEquals(1, orders.getStatus().getSchemaVersion());
    assertTrue(orders.getStatus().getSchemaFingerprint().startsWith("sha256:"));
    assertEquals("kafka", orders.getStatus().getConnector());
    assertEquals(List.of("enrich-orders"), orders.getStatus().getConsumers());
    assertEquals(List.of(), orders.getStatus().getProducers());
    assertTrue(Conditions.isTrue(orders.getStatus().getConditions(), "SchemaCompatible"));
    assertEquals(orders.getMetadata().getGeneration(), orders.getStatus().getObservedGeneration());

    Dataset enriched = awaitStatus(namespace, "enriched-orders", s -> !s.getProducers().isEmpty());
    assertEquals(List.of("enrich-orders"), enriched.getStatus().getProducers());
  }

  @Test
  void refusesAnIncompatibleSchemaChangeAndKeepsTheAcceptedSchema() throws IOException {
    String namespace = contractNamespace;
    api.createExample(namespace, "order-enrichment", "datasets.yaml", "pipeline.yaml");
    awaitStatus(namespace, "orders", s -> s.getSchemaVersion() != null);

    // BACKWARD forbids changing amount from DECIMAL to STRING.
    patch(namespace, "orders", "[{\"op\": \"replace\", \"path\": \"/spec/schema/columns/2/type\", \"value\": \"STRING\"}]");
    Dataset refused = awaitStatus(namespace, "orders",
        s -> !Conditions.isTrue(s.getConditions(), "SchemaCompatible") && s.getObservedGeneration() == 2);
    Condition condition = Conditions.find(refused.getStatus().getConditions(), "SchemaCompatible").orElseThrow();
    assertEquals("IncompatibleChange", condition.getReason());
    assertTrue(condition.getMessage().contains("column amount changed type from DECIMAL(12, 2) to STRING"),
        condition.getMessage());
    assertEquals(1, refused.getStatus().getSchemaVersion());
    assertEquals("DECIMAL(12, 2)", refused.getStatus().getAcceptedSchema().columns().get(2).type());
    await().atMost(Duration.ofSeconds(20)).until(() -> api.events(namespace, "orders").stream()
        .anyMatch(e -> "SchemaIncompatible".equals(e.getReason()) && "Warning".equals(e.getType())));

    // Widening it instead is a compatible change: version 2.
    patch(namespace, "orders", "[{\"op\": \"replace\", \"path\": \"/spec/schema/columns/2/type\", "
        + "\"value\": \"DECIMAL(12, 2)\"}, {\"op\": \"add\", \"path\": \"/spec/schema/columns/-\", "
        + "\"value\": {\"name\": \"coupon\", \"type\": \"STRING\"}}]");
    Dataset accepted = awaitStatus(namespace, "orders", s -> s.getSchemaVersion() == 2);
    assertTrue(Conditions.isTrue(accepted.getStatus().getConditions(), "SchemaCompatible"));
    assertEquals("coupon", accepted.getStatus().getAcceptedSchema().columns().get(5).name());
  }

  @Test
  void aDatasetNoPipelineReadsIsCheckedWithFlinksParser() {
    String namespace = lineageNamespace;
    create(namespace, "misspelt", "columns: [{name: id, type: BIGINT}, {name: note, type: STRIGN}]");
    Condition misspelt = Conditions.find(awaitStatus(namespace, "misspelt",
        s -> Conditions.find(s.getConditions(), "Ready").isPresent()).getStatus().getConditions(), "Ready").orElseThrow();
    assertEquals("False", misspelt.getStatus());
    assertEquals("InvalidSchema", misspelt.getReason());
    assertTrue(misspelt.getMessage().contains("Dataset/misspelt spec.schema") && misspelt.getMessage().contains("STRIGN"),
        misspelt.getMessage());

    create(namespace, "untimely", "columns: [{name: id, type: BIGINT}, {name: at, type: INT}]\n"
        + "    eventTime: {column: at}");
    Dataset untimely = awaitStatus(namespace, "untimely", s -> Conditions.find(s.getConditions(), "Ready").isPresent());
    Condition notTime = Conditions.find(untimely.getStatus().getConditions(), "Ready").orElseThrow();
    assertEquals("InvalidSchema", notTime.getReason());
    assertTrue(notTime.getMessage().contains("Dataset/untimely spec.schema.eventTime.column: names a column of type INTEGER; "
        + "the event-time column must be TIMESTAMP(p) or TIMESTAMP_LTZ(p)"), notTime.getMessage());
    assertNull(untimely.getStatus().getAcceptedSchema(), "a schema Flink cannot read is not accepted");
  }

  @Test
  void aReconcileThatChangesNothingWritesNothing() {
    String namespace = lineageNamespace;
    create(namespace, "quiet", "columns: [{name: id, type: BIGINT}]");
    create(namespace, "quiet-copy", "columns: [{name: id, type: BIGINT}]");
    // A Pipeline naming the Dataset reconciles it whenever the Pipeline changes: once for the lineage,
    // then on each label change, which alters nothing the Dataset's status says.
    api.client().load(new ByteArrayInputStream("""
        apiVersion: sluice.dev/v1alpha1
        kind: Pipeline
        metadata: {name: reads-quiet}
        spec: {inputs: [quiet], outputs: [quiet-copy], sql: INSERT INTO quiet_copy SELECT * FROM quiet}
        """.getBytes(StandardCharsets.UTF_8))).inNamespace(namespace).create();
    awaitStatus(namespace, "quiet", s -> s.getConsumers().contains("reads-quiet")
        && Conditions.isTrue(s.getConditions(), "Ready"));
    String path = "/apis/sluice.dev/v1alpha1/namespaces/" + namespace + "/datasets/quiet/status";
    int[] patches = {STATUS_PATCHES.getOrDefault(path, 0)};
    await("the Dataset's status settled").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(3))
        .until(() -> patches[0] == (patches[0] = STATUS_PATCHES.getOrDefault(path, 0)));
    double before = reconciles("quiet");
    for (int change = 1; change <= 3; change++) {
      Map<String, String> labels = Map.of("change", String.valueOf(change));
      api.client().resources(Pipeline.class).inNamespace(namespace).withName("reads-quiet")
          .edit(pipeline -> {
            pipeline.getMetadata().setLabels(labels);
            return pipeline;
          });
    }
    await("reconciles of the Dataset").atMost(Duration.ofSeconds(30)).until(() -> reconciles("quiet") >= before + 1);
    assertTrue(patches[0] > 0, "the lineage was written: " + STATUS_PATCHES);
    assertEquals(patches[0], STATUS_PATCHES.getOrDefault(path, 0),
        "reconciled " + (reconciles("quiet") - before) + " more times, with no status patch");
  }

  /** How many times the operator reconciled the Dataset without error, from its own metric. */
  private static double reconciles(String dataset) {
    var counter = operator.registry().find("sluice_reconcile").tags("kind", "Dataset", "name", dataset, "outcome", "ok")
        .counter();
    return counter == null ? 0 : counter.count();
  }

  private static void create(String namespace, String name, String schema) {
    api.client().load(new ByteArrayInputStream(("apiVersion: sluice.dev/v1alpha1\nkind: Dataset\nmetadata:\n  name: "
        + name + "\nspec:\n  connector: {blackhole: {}}\n  schema:\n    " + schema + "\n")
        .getBytes(StandardCharsets.UTF_8))).inNamespace(namespace).create();
  }

  private static Dataset awaitStatus(String namespace, String name, Predicate<DatasetStatus> ready) {
    return await().atMost(Duration.ofSeconds(30)).until(
        () -> api.client().resources(Dataset.class).inNamespace(namespace).withName(name).get(),
        dataset -> dataset.getStatus() != null && ready.test(dataset.getStatus()));
  }

  /** A JSON patch, as kubectl patch --type=json sends it: no resourceVersion, so no conflict with status writes. */
  private static void patch(String namespace, String dataset, String jsonPatch) {
    api.client().genericKubernetesResources("sluice.dev/v1alpha1", "Dataset").inNamespace(namespace)
        .withName(dataset).patch(PatchContext.of(PatchType.JSON), jsonPatch);
  }
}
