package dev.sluice.gitops;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.flink.FlinkTestCluster;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.OperatorOnFlink;
import dev.sluice.testing.RealApiServer;
import dev.sluice.testing.TestPaths;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Argo CD health scripts in docs/argocd, run by a real Lua 5.1 (Argo CD runs gopher-lua, a Lua
 * 5.1) on the resources exactly as the operator writes them: a real API server, the operator and
 * the stand-in job manager on a real MiniCluster; and kubectl wait on the Ready condition that
 * Flux reads. Each resource seen is also written to
 * target/argocd-health/, so that a failure shows what the script was given.
 */
@ExtendWith(RealApiServer.class)
class ArgoCdHealthTest {

  @RegisterExtension
  static final FlinkTestCluster FLINK = new FlinkTestCluster();

  private static final Path SCRIPTS = TestPaths.repoRoot().resolve("docs/argocd");
  private static final Path SEEN = Path.of("target/argocd-health");

  private static ApiServer api;
  private static OperatorOnFlink operator;
  private static String namespace;

  @BeforeAll
  static void start(ApiServer server) throws IOException {
    api = server;
    operator = OperatorOnFlink.start(server, FLINK, "argocd");
    namespace = operator.namespace();
    Files.createDirectories(SEEN);
  }

  @AfterAll
  static void stop() {
    operator.close();
  }

  @Test
  void aPipelineIsProgressingThenHealthyThenSuspended() throws Exception {
    create("""
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: ticks}
        spec:
          connector: {datagen: {rowsPerSecond: 5}}
          schema:
            columns: [{name: id, type: BIGINT}]
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: discarded}
        spec:
          connector: {blackhole: {}}
          schema:
            columns: [{name: id, type: BIGINT}]
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Pipeline
        metadata: {name: discard}
        spec:
          inputs: [ticks]
          outputs: [discarded]
          sql: INSERT INTO discarded SELECT id FROM ticks
          parallelism: {initial: 1, max: 1}
          checkpointing: {interval: 1s}
        """);

    Pipeline deploying = awaitPipeline("discard", p -> p.getStatus().getPhase() == Phase.Deploying, "deploying");
    assertHealth("Progressing", "Deploying", "Pipeline", deploying);

    Pipeline running = awaitPipeline("discard", p -> p.getStatus().getPhase() == Phase.Running
        && p.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())), "running");
    assertHealth("Healthy", "Running", "Pipeline", running);
    // Flux's health checks and kubectl wait read the same Ready condition.
    api.kubectl("wait", "--for=condition=Ready", "pipeline/discard", "-n", namespace, "--timeout=30s");
    for (String name : new String[] {"ticks", "discarded"}) {
      Dataset dataset = Awaitility.await(name + " checked").atMost(Duration.ofSeconds(30))
          .until(() -> api.client().resources(Dataset.class).inNamespace(namespace).withName(name).get(),
              d -> d.getStatus() != null && !d.getStatus().getConditions().isEmpty());
      assertHealth("Healthy", "", "Dataset", dataset);
    }

    api.client().resources(Pipeline.class).inNamespace(namespace).withName("discard")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"suspend\": true}}");
    Pipeline suspended = awaitPipeline("discard", p -> p.getStatus().getPhase() == Phase.Suspended, "suspended");
    assertHealth("Suspended", "savepoint", "Pipeline", suspended);
  }

  @Test
  void anInvalidPipelineIsDegradedWithTheOperatorsMessage() throws Exception {
    create("""
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: words}
        spec:
          connector: {datagen: {rowsPerSecond: 1}}
          schema:
            columns: [{name: word, type: STRING}]
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: counted-words}
        spec:
          connector: {blackhole: {}}
          schema:
            columns: [{name: word, type: STRING}]
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Pipeline
        metadata: {name: misspelt}
        spec:
          inputs: [words]
          outputs: [counted-words]
          sql: INSERT INTO counted_words SELECT wrod FROM words
        """);
    Pipeline invalid = awaitPipeline("misspelt", p -> p.getStatus().getPhase() == Phase.Invalid, "invalid");
    String message = invalid.getStatus().getConditions().stream()
        .filter(c -> "SpecValid".equals(c.getType())).findFirst().orElseThrow().getMessage();
    assertHealth("Degraded", message, "Pipeline", invalid);

    // As Argo CD sees a Pipeline right after it applied a new spec: the status is about the old one.
    invalid.getMetadata().setGeneration(invalid.getMetadata().getGeneration() + 1);
    assertHealth("Progressing", "observe generation", "Pipeline", invalid);
  }

  @Test
  void aDatasetNoPipelineUsesHasItsOwnHealth() throws Exception {
    create("""
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: lonely}
        spec:
          connector: {blackhole: {}}
          schema:
            columns: [{name: id, type: BIGINT}]
        """);
    Dataset lonely = Awaitility.await("lonely checked").atMost(Duration.ofSeconds(30))
        .until(() -> api.client().resources(Dataset.class).inNamespace(namespace).withName("lonely").get(),
            d -> d.getStatus() != null && !d.getStatus().getConditions().isEmpty());
    assertHealth("Healthy", "", "Dataset", lonely);
  }

  private static void assertHealth(String status, String messagePart, String kind, HasMetadata resource)
      throws IOException, InterruptedException {
    Path seen = SEEN.resolve(kind + "-" + resource.getMetadata().getName() + "-" + status + ".json");
    Files.writeString(seen, Serialization.asJson(resource));
    Process lua = new ProcessBuilder("lua5.1", SCRIPTS.resolve("check.lua").toString(),
        SCRIPTS.resolve("sluice.dev/" + kind + "/health.lua").toString(), seen.toString())
        .redirectErrorStream(true).start();
    String output = new String(lua.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(lua.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, lua.exitValue(), output);
    String[] health = output.split("\t", 2);
    assertEquals(status, health[0], kind + " " + resource.getMetadata().getName() + ": " + output);
    assertTrue(health.length == 2 && health[1].contains(messagePart), output);
  }

  private static Pipeline awaitPipeline(String name, Predicate<Pipeline> condition, String what) {
    return Awaitility.await(name + " " + what).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
        .until(() -> api.client().resources(Pipeline.class).inNamespace(namespace).withName(name).get(),
            p -> p.getStatus() != null && p.getStatus().getPhase() != null && condition.test(p));
  }

  private static void create(String manifests) {
    api.client().load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8)))
        .inNamespace(namespace).create();
  }
}
