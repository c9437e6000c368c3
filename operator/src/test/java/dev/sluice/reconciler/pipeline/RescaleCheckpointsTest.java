package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.autoscaler.RescaleCheckpoint;
import dev.sluice.flink.FlinkRestClient;
import dev.sluice.flink.FlinkTestCluster;
import dev.sluice.observation.CheckpointStats;
import dev.sluice.observation.JobVertex;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.OperatorOnFlink;
import dev.sluice.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.Event;
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
 * A scale-up on a real API server and a real Flink MiniCluster under the adaptive scheduler, of a
 * job that checkpoints once an hour. Flink rescales a running job onto new slots only when a
 * checkpoint completes, so without the operator's request the job would run on at the old
 * parallelism for up to an hour (three, Flink's bound). With it, the job rescales within seconds
 * of the operator's wait ({@link RescaleCheckpoint#stabilisedAt}).
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
  }

  @AfterAll
  static void stop() {
    sluice.close();
  }

  @Test
  void aScaleUpStartsOnACheckpointTheOperatorAsksForNotOnThePeriodicOne() {
    api.client().load(new ByteArrayInputStream(MANIFESTS.getBytes(StandardCharsets.UTF_8))).inNamespace(namespace)
        .create();
    Pipeline running = await("running at 1", Duration.ofSeconds(120)).until(RescaleCheckpointsTest::pipeline,
        p -> p != null && p.getStatus() != null && p.getStatus().getPhase() == Phase.Running
            && p.getStatus().getJob() != null);
    String jobId = running.getStatus().getJob().getId();
    // Past Flink's cooldown after the start, so the wait is the stabilisation after the new slots.
    Instant startedAt = Instant.parse(running.getStatus().getJob().getStartTime());
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(
        startedAt.plus(RescaleCheckpoint.COOLDOWN)));

    Instant asked = Instant.now();
    api.client().genericKubernetesResources("sluice.dev/v1alpha1", "Pipeline").inNamespace(namespace)
        .withName("steady").patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\": {\"parallelism\": {\"initial\": 2, \"min\": 2, \"max\": 2}}}");

    FlinkRestClient flink = new FlinkRestClient();
    await("Flink job at 2", Duration.ofSeconds(90)).until(
        () -> flink.job(FLINK.endpoint(), jobId).vertices().stream().map(JobVertex::parallelism).toList(),
        vertices -> !vertices.isEmpty() && vertices.stream().allMatch(p -> p == 2));
    Instant rescaled = Instant.now();
    // The operator's look at the job at 2 also reads what became of the checkpoint it asked for;
    // unread, it would hold up the job manager's shutdown (the MiniCluster's, after this test).
    await("status at 2", Duration.ofSeconds(30)).until(RescaleCheckpointsTest::pipeline,
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

  private static Pipeline pipeline() {
    return api.client().resources(Pipeline.class).inNamespace(namespace).withName("steady").get();
  }

  private static ConditionFactory await(String what, Duration atMost) {
    return Awaitility.await(what).atMost(atMost).pollInterval(Duration.ofMillis(500));
  }

  private static final String MANIFESTS = """
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
      ---
      apiVersion: sluice.dev/v1alpha1
      kind: Pipeline
      metadata: {name: steady}
      spec:
        inputs: [ticks]
        outputs: [nowhere]
        sql: INSERT INTO nowhere SELECT id FROM ticks
        parallelism: {initial: 1, min: 1, max: 1}
        checkpointing: {interval: 1h}
      """;
}
