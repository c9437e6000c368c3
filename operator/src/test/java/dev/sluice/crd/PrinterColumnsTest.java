package dev.sluice.crd;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.dataset.DatasetStatus;
import dev.sluice.api.pipeline.LagStatus;
import dev.sluice.api.pipeline.ParallelismStatus;
import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.api.slo.SloState;
import dev.sluice.api.slo.SloStatus;
import dev.sluice.reconciler.Conditions;
import dev.sluice.reconciler.pipeline.PipelineReason;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** kubectl, built from the same release as the API server, prints the columns a person needs. */
@ExtendWith(RealApiServer.class)
class PrinterColumnsTest {

  private static ApiServer api;
  private static String namespace;

  @BeforeAll
  static void createTheOrderEnrichmentExample(ApiServer server) throws IOException {
    api = server;
    namespace = server.newNamespace("columns");
    server.createExample(namespace, "order-enrichment", "datasets.yaml", "pipeline.yaml", "slos.yaml");
  }

  @Test
  void pipelineColumns() throws Exception {
    var pipelines = api.client().resources(Pipeline.class).inNamespace(namespace);
    Pipeline pipeline = pipelines.withName("enrich-orders").get();
    PipelineStatus status = new PipelineStatus();
    status.setPhase(Phase.Running);
    ParallelismStatus parallelism = new ParallelismStatus();
    parallelism.setCurrent(6);
    status.setParallelism(parallelism);
    LagStatus lag = new LagStatus();
    lag.setRecords(4200L);
    status.setLag(lag);
    status.setFreshness("42s");
    status.setConditions(Conditions.with(Conditions.with(null, "Ready", true, PipelineReason.Running, "running", 1L,
        Instant.now()), "Degraded", true, PipelineReason.JobRestarting, "the job failed and restarted", 1L, Instant.now()));
    pipeline.setStatus(status);
    pipelines.resource(pipeline).updateStatus();

    List<List<String>> table = table(api.kubectl("get", "pl", "-n", namespace));
    assertEquals(List.of("NAME", "PHASE", "HEALTH", "PARALLELISM", "LAG", "FRESHNESS", "AGE"), table.get(0));
    assertEquals(List.of("enrich-orders", "Running", "JobRestarting", "6", "4200", "42s"), table.get(1).subList(0, 6));
  }

  @Test
  void datasetColumns() throws Exception {
    var datasets = api.client().resources(Dataset.class).inNamespace(namespace);
    Dataset orders = datasets.withName("enriched-orders").get();
    DatasetStatus status = new DatasetStatus();
    status.setConnector("kafka");
    status.setProducers(List.of("enrich-orders"));
    status.setFreshness("1m5s");
    orders.setStatus(status);
    datasets.resource(orders).updateStatus();

    // kubectl resolves the short name ds to DaemonSets first, so the group-qualified name is the way.
    List<List<String>> table = table(api.kubectl("get", "ds.sluice.dev", "-n", namespace));
    assertEquals(List.of("NAME", "CONNECTOR", "FORMAT", "PRODUCERS", "FRESHNESS", "AGE"), table.get(0));
    List<String> row = table.stream().filter(r -> r.get(0).equals("enriched-orders")).findFirst().orElseThrow();
    assertEquals(List.of("enriched-orders", "kafka", "json", "[\"enrich-orders\"]", "1m5s"), row.subList(0, 5));
    List<String> customers = table.stream().filter(r -> r.get(0).equals("customers")).findFirst().orElseThrow();
    assertEquals(List.of("customers", "", "debezium-json", ""), customers.subList(0, 4));
  }

  @Test
  void sloColumns() throws Exception {
    var slos = api.client().resources(ServiceLevelObjective.class).inNamespace(namespace);
    ServiceLevelObjective slo = slos.withName("enriched-orders-fresh").get();
    SloStatus status = new SloStatus();
    status.setSli(42.0);
    status.setCompliance(99.95);
    status.setErrorBudgetRemaining(50.0);
    status.setState(SloState.Healthy);
    slo.setStatus(status);
    slos.resource(slo).updateStatus();

    List<List<String>> table = table(api.kubectl("get", "slo", "-n", namespace));
    assertEquals(List.of("NAME", "TARGET", "OBJECTIVE", "SLI", "COMPLIANCE", "BUDGET LEFT", "STATE", "AGE"), table.get(0));
    List<String> row = table.stream().filter(r -> r.get(0).equals("enriched-orders-fresh")).findFirst().orElseThrow();
    assertEquals(List.of("enriched-orders-fresh", "enriched-orders", "99.9", "42", "99.95", "50", "Healthy"),
        row.subList(0, 7));
  }

  @Test
  void theSluiceCategoryListsAllThree() throws Exception {
    String all = api.kubectl("get", "sluice", "-n", namespace, "-o", "name");
    assertEquals(3 + 1 + 2, all.lines().count(), all);
  }

  /** Splits kubectl's table at the header's column starts, so that empty cells stay in place. */
  private static List<List<String>> table(String kubectlOutput) {
    List<String> lines = kubectlOutput.lines().toList();
    String header = lines.get(0);
    List<Integer> starts = new ArrayList<>();
    Matcher column = Pattern.compile("\\S+( \\S+)*").matcher(header);
    while (column.find()) {
      starts.add(column.start());
    }
    return lines.stream().map(line -> {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < starts.size(); i++) {
        int end = i + 1 < starts.size() ? Math.min(starts.get(i + 1), line.length()) : line.length();
        cells.add(starts.get(i) < line.length() ? line.substring(starts.get(i), end).trim() : "");
      }
      return cells;
    }).toList();
  }
}
