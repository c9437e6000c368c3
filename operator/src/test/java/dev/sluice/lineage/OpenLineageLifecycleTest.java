package dev.sluice.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.flink.FlinkTestCluster;
import dev.sluice.operator.OperatorSettings;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.OperatorOnFlink;
import dev.sluice.testing.RealApiServer;
import dev.sluice.testing.TestPaths;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenLineage events of a Pipeline's life, on a real API server with real Flink, received by a
 * local HTTP backend: a deploy, a savepoint upgrade and a delete, every event valid under
 * OpenLineage's JSON schema and each facet under its own.
 */
@ExtendWith(RealApiServer.class)
class OpenLineageLifecycleTest {

  @RegisterExtension
  static final FlinkTestCluster FLINK = new FlinkTestCluster();

  private static final String API_KEY = "lineage-test-key";
  private static final OpenLineageSchemas SCHEMAS = new OpenLineageSchemas();

  @Test
  void aDeployAnUpgradeAndADeleteAreTwoRunsThatStartReportAndEnd(ApiServer api) throws Exception {
    try (LineageReceiver receiver = new LineageReceiver();
        OperatorOnFlink sluice = startWithCounts(api, receiver, "lineage")) {
      String namespace = sluice.namespace();
      String firstJob = await("running").until(() -> pipeline(api, namespace), p -> status(p,
          s -> s.getPhase() == Phase.Running && s.getJob() != null)).getStatus().getJob().getId();
      String firstRun = LineageEvents.runId(firstJob).toString();
      await("a RUNNING event with a checkpoint").until(() -> events(receiver), events -> events.stream().anyMatch(
          e -> is(e, "RUNNING", firstRun) && e.path("run").path("facets").path("sluice_checkpoints")
              .path("completed").asLong() > 0));

      patch(api, namespace, "{\"spec\": {\"sql\": \"INSERT INTO clicks_per_user SELECT user_id, COUNT(*) AS clicks "
          + "FROM clicks WHERE user_id > 1 GROUP BY user_id\"}}");
      String secondJob = await("upgraded").until(() -> pipeline(api, namespace), p -> status(p,
          s -> s.getPhase() == Phase.Running && s.getJob() != null && !s.getJob().getId().equals(firstJob)))
          .getStatus().getJob().getId();
      String secondRun = LineageEvents.runId(secondJob).toString();
      awaitEvent(receiver, "RUNNING", secondRun);

      List<JsonNode> events = deleteAndAwaitAbort(api, namespace, receiver, secondRun);

      assertEquals(List.of("START " + firstRun, "RUNNING " + firstRun, "COMPLETE " + firstRun,
          "START " + secondRun, "RUNNING " + secondRun, "ABORT " + secondRun), sequence(events),
          "each run starts, reports, and ends once; RUNNING repeats are collapsed");
      allValid(receiver);

      JsonNode start = events.get(0);
      assertEquals(namespace, start.path("job").path("namespace").asText());
      JsonNode clicks = start.path("inputs").path(0);
      assertEquals("sluice://" + namespace, clicks.path("namespace").asText(), "generated rows have no place but Sluice");
      assertEquals("clicks", clicks.path("name").asText());
      assertEquals("user_id", clicks.path("facets").path("schema").path("fields").path(0).path("name").asText());
      assertEquals("INT", clicks.path("facets").path("schema").path("fields").path(0).path("type").asText());
      JsonNode assertion = clicks.path("inputFacets").path("dataQualityAssertions").path("assertions").path(0);
      assertEquals("known_user", assertion.path("assertion").asText());
      assertTrue(assertion.path("success").asBoolean(), "no generated user id is below 1");
      JsonNode counted = clicks.path("inputFacets").path("sluice_qualityViolations").path("rules").path(0);
      assertEquals("known_user", counted.path("name").asText());
      assertEquals(0, counted.path("violations").asLong());
      JsonNode output = start.path("outputs").path(0);
      assertEquals("clicks-per-user", output.path("name").asText());
      assertEquals("counts-fresh", output.path("facets").path("sluice_serviceLevelObjectives").path("objectives")
          .path(0).path("name").asText());
      assertTrue(events.stream().filter(e -> is(e, "COMPLETE", firstRun)).findFirst().orElseThrow()
          .path("job").path("facets").path("sql").path("query").asText().contains("GROUP BY user_id"));

      var sent = sluice.operator().registry().get("sluice_openlineage_events").tag("outcome", "sent").counter();
      assertEquals(receiver.received().size(), (int) sent.count(), "every event counted once it was accepted");
      assertEquals(0.0, sluice.operator().registry().get("sluice_openlineage_events").tag("outcome", "failed")
          .counter().count());
    }
  }

  @Test
  void anUpgradeWhoseJobKeepsFailingFailsItsRunWithTheCauseAndTheRollbackStartsAnother(ApiServer api)
      throws Exception {
    try (LineageReceiver receiver = new LineageReceiver();
        OperatorOnFlink sluice = startWithCounts(api, receiver, "lineage-fail")) {
      String namespace = sluice.namespace();
      String firstJob = await("stable").until(() -> pipeline(api, namespace), p -> status(p,
          s -> s.getPhase() == Phase.Running && s.getPlanHash().equals(s.getLastStablePlanHash())))
          .getStatus().getJob().getId();

      // The planner accepts this SQL, but every row fails its CAST at run time, so the job restarts forever.
      patch(api, namespace, "{\"spec\": {\"rollback\": {\"enabled\": true, \"timeout\": \"15s\"}, \"sql\": "
          + "\"INSERT INTO clicks_per_user SELECT user_id, COUNT(*) AS clicks FROM clicks "
          + "WHERE CAST(CONCAT('x', CAST(user_id AS STRING)) AS INT) > 0 GROUP BY user_id\"}}");
      await("rolled back").until(() -> pipeline(api, namespace), p -> status(p, s -> s.getRollback() != null));
      // The failing run ends when the operator first sees another job in its place, the rolled-back
      // plan's, whose run starts then. Status may still show the failing job for a look or two.
      List<String> steps = await("FAIL, then the next run's START").until(() -> sequence(events(receiver)),
          seen -> afterFail(seen).filter(next -> next.startsWith("START ")).isPresent());
      String failedRun = steps.stream().filter(step -> step.startsWith("FAIL ")).findFirst().orElseThrow()
          .substring("FAIL ".length());
      String rolledBackRun = afterFail(steps).orElseThrow().substring("START ".length());
      await("the rolled-back plan's job in status").until(() -> pipeline(api, namespace), p -> status(p,
          s -> s.getPhase() == Phase.Running && s.getJob() != null
              && LineageEvents.runId(s.getJob().getId()).toString().equals(rolledBackRun)));
      List<JsonNode> events = deleteAndAwaitAbort(api, namespace, receiver, rolledBackRun);

      String firstRun = LineageEvents.runId(firstJob).toString();
      assertEquals(List.of("START " + firstRun, "COMPLETE " + firstRun, "START " + failedRun, "FAIL " + failedRun,
          "START " + rolledBackRun, "ABORT " + rolledBackRun),
          sequence(events).stream().filter(step -> !step.startsWith("RUNNING")).toList());
      JsonNode failed = events.stream().filter(e -> is(e, "FAIL", failedRun)).findFirst().orElseThrow();
      String cause = failed.path("run").path("facets").path("errorMessage").path("message").asText();
      assertTrue(cause.contains("java.lang.NumberFormatException: For input string: 'x"), cause);
      allValid(receiver);
    }
  }

  private static OperatorOnFlink startWithCounts(ApiServer api, LineageReceiver receiver, String prefix)
      throws Exception {
    OperatorOnFlink sluice = OperatorOnFlink.start(api, FLINK, prefix, settings -> withLineage(settings,
        new LineageSettings(receiver.url(), LineageSettings.DEFAULT_ENDPOINT, API_KEY, null, Duration.ofSeconds(1))));
    try (InputStream in = Files.newInputStream(TestPaths.repoRoot().resolve("operator/src/test/resources/lineage/counts.yaml"))) {
      api.client().load(in).inNamespace(sluice.namespace()).create();
    }
    return sluice;
  }

  /** Waits for an event of that type of that run; returns the Pipeline's events so far. */
  private static List<JsonNode> awaitEvent(LineageReceiver receiver, String type, String runId) {
    return await(type + " of " + runId).until(() -> events(receiver),
        events -> events.stream().anyMatch(e -> is(e, type, runId)));
  }

  private static List<JsonNode> deleteAndAwaitAbort(ApiServer api, String namespace, LineageReceiver receiver,
      String runId) {
    api.client().resources(Pipeline.class).inNamespace(namespace).withName("counts").delete();
    return awaitEvent(receiver, "ABORT", runId);
  }

  /** Every event is valid OpenLineage, each facet valid under its schema, and came with the API key. */
  private static void allValid(LineageReceiver receiver) {
    assertFalse(receiver.received().isEmpty());
    for (var received : receiver.received()) {
      assertEquals(List.of(), SCHEMAS.problems(received.body()), received.body());
      assertEquals("Bearer " + API_KEY, received.authorization());
    }
  }

  private static void patch(ApiServer api, String namespace, String mergePatch) {
    api.client().genericKubernetesResources("sluice.dev/v1alpha1", "Pipeline").inNamespace(namespace)
        .withName("counts").patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }

  private static OperatorSettings withLineage(OperatorSettings settings, LineageSettings lineage) {
    return new OperatorSettings(settings.watchNamespaces(), settings.operatorNamespace(), settings.leaderElection(),
        settings.httpPort(), settings.pipelines(), Optional.of(lineage));
  }

  /** The Pipeline's events in the order received, as "TYPE runId", with runs of RUNNING reduced to one. */
  private static List<String> sequence(List<JsonNode> events) {
    List<String> sequence = new ArrayList<>();
    for (JsonNode event : events) {
      String step = event.path("eventType").asText() + " " + event.path("run").path("runId").asText();
      if (sequence.isEmpty() || !(step.startsWith("RUNNING") && step.equals(sequence.get(sequence.size() - 1)))) {
        sequence.add(step);
      }
    }
    return sequence;
  }

  private static List<JsonNode> events(LineageReceiver receiver) {
    return receiver.received().stream().map(received -> OpenLineageSchemas.tree(received.body()))
        .filter(event -> "counts".equals(event.path("job").path("name").asText())).toList();
  }

  /** The step after the first FAIL, if there is one. */
  private static Optional<String> afterFail(List<String> steps) {
    for (int i = 0; i < steps.size() - 1; i++) {
      if (steps.get(i).startsWith("FAIL ")) {
        return Optional.of(steps.get(i + 1));
      }
    }
    return Optional.empty();
  }

  private static boolean is(JsonNode event, String type, String runId) {
    return type.equals(event.path("eventType").asText()) && runId.equals(event.path("run").path("runId").asText());
  }

  private static ConditionFactory await(String what) {
    return Awaitility.await(what).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500));
  }

  private static Pipeline pipeline(ApiServer api, String namespace) {
    return api.client().resources(Pipeline.class).inNamespace(namespace).withName("counts").get();
  }

  private static boolean status(Pipeline pipeline, Predicate<PipelineStatus> condition) {
    return pipeline != null && pipeline.getStatus() != null && condition.test(pipeline.getStatus());
  }
}
