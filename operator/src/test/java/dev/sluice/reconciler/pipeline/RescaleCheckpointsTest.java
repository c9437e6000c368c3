package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.autoscaler.RescaleCheckpoint;
import dev.sluice.autoscaler.ScaleDownCheckpoint;
import dev.sluice.flink.FlinkRestClient;
import dev.sluice.flink.FlinkTestCluster;
import dev.sluice.observation.CheckpointStats;
import dev.sluice.observation.JobVertex;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.OperatorOnFlink;
import dev.sluice.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rescales on a real API server and a real Flink MiniCluster under the adaptive scheduler, of jobs
 * that checkpoint once an hour, so that every checkpoint after the start is one the operator asked
 * for. Flink rescales a running job onto new slots only when a checkpoint completes, so without
 * the operator's request a scale-up would wait up to an hour (three, Flink's bound); with it, the
 * job rescales within seconds of the operator's wait ({@link RescaleCheckpoint#stabilisedAt}). A
 * scale-down's task managers stay until a checkpoint asked for is done ({@link
 * ScaleDownCheckpoint}), or the job's failover would read again the hour since its last one.
 */
@ExtendWith(RealApiServer.class)
class RescaleCheckpointsTest {

  @RegisterExtension
  static final FlinkTestCluster FLINK = FlinkTestCluster.withAdaptiveScheduler();

  private static ApiServer api;
  private static OperatorOnFlink sluice;
  private static String namespace;

  @BeforeAll
  static void start(ApiServer server) {
    api = server;
    sluice = OperatorOnFlink.start(server, FLINK, "rescale-checkpoint");
    namespace = sluice.namespace();
    create(DATASETS);
  }

  @AfterAll
  static void stop() {
    sluice.close();
  }

  @Test
  void aScaleUpStartsOnACheckpointTheOperatorAsksForNotOnThePeriodicOne() {
    Pipeline running = createRunning("steady", 1);
    String jobId = running.getStatus().getJob().getId();
    // Past Flink's cooldown after the start, so the wait is the stabilisation after the new slots.
    Instant startedAt = Instant.parse(running.getStatus().getJob().getStartTime());
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(
        startedAt.plus(RescaleCheckpoint.COOLDOWN)));

    Instant asked = Instant.now();
    setParallelism("steady", 2);

    FlinkRestClient flink = new FlinkRestClient();
    await("Flink job at 2", Duration.ofSeconds(90)).until(
        () -> flink.job(FLINK.endpoint(), jobId).vertices().stream().map(JobVertex::parallelism).toList(),
        vertices -> !vertices.isEmpty() && vertices.stream().allMatch(p -> p == 2));
    Instant rescaled = Instant.now();
    // The operator's look at the job at 2 also reads what became of the checkpoint it asked for;
    // unread, it would hold up the job manager's shutdown (the MiniCluster's, after this test).
    await("status at 2", Duration.ofSeconds(30)).until(() -> pipeline("steady"),
        p -> p.getStatus().getParallelism().getCurrent() == 2 && p.getStatus().getPhase() == Phase.Running);

    List<Event> requests = api.events(namespace, "steady").stream()
        .filter(event -> "RescaleCheckpoint".equals(event.getReason())).toList();
    assertEquals(1, requests.size(), "one checkpoint asked for: " + requests);
    assertTrue(requests.get(0).getMessage().startsWith("checkpoint asked for to start the rescale: the job runs on 1 of "
        + "the 2 slots the cluster has"), requests.get(0).getMessage());
    CheckpointStats checkpoints = flink.checkpoints(FLINK.endpoint(), jobId);
    assertFalse(checkpoints.latestCompleted().orElseThrow().triggerTime().isBefore(asked),
        "the checkpoint the rescale restored was taken after the parallelism changed");
    System.out.printf("rescale 1 -> 2 on an hourly checkpoint interval: Flink at 2 %d s after the change, "
        + "%d checkpoint(s) completed%n", Duration.between(asked, rescaled).toSeconds(), checkpoints.completed());
  }

  @Test
  void aScaleDownKeepsItsTaskManagersUntilTheCheckpointItAskedForIsDone() {
    Pipeline running = createRunning("shrinking", 2);
    String jobId = running.getStatus().getJob().getId();
    String taskManagers = new ClusterNames("shrinking").taskManager();
    assertEquals(2, replicas(taskManagers));

    Instant asked = Instant.now();
    setParallelism("shrinking", 1);
    await("one task manager", Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> replicas(taskManagers) == 1);
    Instant removed = Instant.now();

    List<Event> requests = api.events(namespace, "shrinking").stream()
        .filter(event -> "RescaleCheckpoint".equals(event.getReason())).toList();
    assertEquals(1, requests.size(), "one checkpoint asked for: " + requests);
    assertTrue(requests.get(0).getMessage().startsWith("checkpoint asked for before the scale-down 2 -> 1 removes "
        + "task managers"), requests.get(0).getMessage());
    CheckpointStats checkpoints = new FlinkRestClient().checkpoints(FLINK.endpoint(), jobId);
    Instant triggered = checkpoints.latestCompleted().orElseThrow().triggerTime();
    Instant completed = checkpoints.latestCompleted().orElseThrow().completionTime();
    assertFalse(triggered.isBefore(asked), "a checkpoint taken after the parallelism changed");
    assertTrue(completed.isBefore(removed), "completed at " + completed + ", before the task manager went at "
        + removed);
    System.out.printf("scale-down 2 -> 1 on an hourly checkpoint interval: checkpoint done %d ms and the task "
        + "manager removed %d ms after the change (bound %s)%n", Duration.between(asked, completed).toMillis(),
        Duration.between(asked, removed).toMillis(), ScaleDownCheckpoint.BOUND);
  }

  /** Creates the Pipeline at {@code parallelism} and waits until its job runs. */
  private static Pipeline createRunning(String name, int parallelism) {
    create(pipelineManifest(name, parallelism));
    return await("running at " + parallelism, Duration.ofSeconds(120)).until(() -> pipeline(name),
        p -> p != null && p.getStatus() != null && p.getStatus().getPhase() == Phase.Running
            && p.getStatus().getJob() != null);
  }

  private static Pipeline pipeline(String name) {
    return api.client().resources(Pipeline.class).inNamespace(namespace).withName(name).get();
  }

  private static int replicas(String deployment) {
    Deployment found = api.client().apps().deployments().inNamespace(namespace).withName(deployment).get();
    return found == null ? 0 : found.getSpec().getReplicas();
  }

  private static void setParallelism(String pipeline, int parallelism) {
    api.client().genericKubernetesResources("sluice.dev/v1alpha1", "Pipeline").inNamespace(namespace)
        .withName(pipeline).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"parallelism\": "
            + "{\"initial\": %d, \"min\": %d, \"max\": %d}}}".formatted(parallelism, parallelism, parallelism));
  }

  private static void create(String manifests) {
    api.client().load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8))).inNamespace(namespace)
        .create();
  }

  private static ConditionFactory await(String what, Duration atMost) {
    return Awaitility.await(what).atMost(atMost).pollInterval(Duration.ofMillis(500));
  }

  private static final String DATASETS = """
      apiVersion: sluice.dev/v1alpha1
      kind: Dataset
      metadata: {name: ticks}
      spec:
        connector:
          datagen:
            rowsPerSecond: 20
            fields:
              id: {kind: random, min: 1, max: 1000}
        schema:
          columns:
            - {name: id, type: INT, nullable: false}
      ---
      apiVersion: sluice.dev/v1alpha1
      kind: Dataset
      metadata: {name: nowhere}
      spec:
        connector:
          blackhole: {}
        schema:
          columns:
            - {name: id, type: INT, nullable: false}
      """;

  private static String pipelineManifest(String name, int parallelism) {
    return """
        apiVersion: sluice.dev/v1alpha1
        kind: Pipeline
        metadata: {name: %s}
        spec:
          inputs: [ticks]
          outputs: [nowhere]
          sql: INSERT INTO nowhere SELECT id FROM ticks
          parallelism: {initial: %d, min: %d, max: %d}
          checkpointing: {interval: 1h}
        """.formatted(name, parallelism, parallelism, parallelism);
  }
}
