package dev.sluice.reconciler.pipeline.scaling;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.autoscaler.AutoscalerHistory;
import dev.sluice.autoscaler.ScalingDecision;
import dev.sluice.observation.FlinkJobState;
import dev.sluice.flink.FlinkRestClient;
import dev.sluice.flink.FlinkRestException;
import dev.sluice.flink.FlinkTestCluster;
import dev.sluice.flink.SavepointTrigger;
import dev.sluice.flink.TestJobs;
import dev.sluice.reconciler.EventRecorder;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The savepoint the autoscaler asks for before a rescale, taken from a real job that keeps running. */
@ExtendWith(RealApiServer.class)
class RescaleSavepointsTest {

  @RegisterExtension
  static final FlinkTestCluster FLINK = new FlinkTestCluster();

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final ScalingDecision DECISION = ScalingDecision.triggerSavepoint(2,
      "scale-up 2 → 4 first secures state: no checkpoint has completed yet; triggering a savepoint, the rescale"
          + " follows once it completes");

  private static ApiServer api;
  private static String namespace;
  private static String jobId;
  private final FlinkRestClient flink = new FlinkRestClient();
  private Pipeline pipeline;
  private RescaleSavepoints savepoints;

  @BeforeAll
  static void runJob(ApiServer server) throws Exception {
    api = server;
    namespace = server.newNamespace("savepoints");
    jobId = FLINK.submit(TestJobs.countingJob("rescale-savepoints"));
    // The job manager answers 500 until the job is initialised.
    await().atMost(PATIENCE).ignoreExceptionsInstanceOf(FlinkRestException.class)
        .until(() -> new FlinkRestClient().checkpoints(FLINK.endpoint(), jobId).completed() > 0);
  }

  @BeforeEach
  void pipeline() {
    pipeline = new Pipeline();
    pipeline.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName("p-" + UUID.randomUUID())
        .withUid(UUID.randomUUID().toString()).build());
    savepoints = new RescaleSavepoints(FLINK.resolver(), flink, new EventRecorder(api.client(), Clock.systemUTC()),
        Clock.systemUTC());
  }

  @Test
  void aSavepointIsTriggeredOnceFollowedToItsEndAndTheJobKeepsRunning() {
    PipelineMemory memory = new PipelineMemory(AutoscalerHistory.empty());

    savepoints.trigger(pipeline, jobId, DECISION, memory);
    SavepointTrigger first = memory.savepoint().orElseThrow();
    savepoints.trigger(pipeline, jobId, DECISION, memory);
    assertEquals(first, memory.savepoint().orElseThrow(), "no second savepoint while the first is in progress");

    await().atMost(PATIENCE).until(() -> {
      savepoints.follow(pipeline, memory, PATIENCE);
      return memory.savepoint().isEmpty();
    });

    assertTrue(memory.lastSavepoint().isPresent(), "a restore may now count from the savepoint");
    assertEquals(FlinkJobState.RUNNING, flink.job(FLINK.endpoint(), jobId).summary().state());
    assertEquals(List.of(DECISION.reason()), messages("SavepointForRescale"));
    List<String> taken = messages("SavepointTaken");
    assertEquals(1, taken.size(), taken::toString);
    assertTrue(taken.get(0).startsWith("state secured for a rescale in savepoint file:"), taken::toString);
  }

  @Test
  void aSavepointThatOutlastsTheCheckpointTimeoutCountsAsFailed() {
    PipelineMemory memory = new PipelineMemory(AutoscalerHistory.empty());
    savepoints.trigger(pipeline, jobId, DECISION, memory);
    SavepointTrigger trigger = memory.savepoint().orElseThrow();

    savepoints.follow(pipeline, memory, Duration.ZERO);

    assertTrue(memory.savepoint().isEmpty(), "the next evaluation may trigger another");
    assertTrue(memory.lastSavepoint().isEmpty());
    Event failed = events("SavepointFailed").get(0);
    assertEquals("Warning", failed.getType());
    assertTrue(failed.getMessage().startsWith("the savepoint before a rescale did not complete within 0s"),
        failed.getMessage());
    // The MiniCluster keeps a savepoint's result until someone reads it, and will not close before.
    FLINK.awaitSavepoint(flink, trigger);
  }

  private List<Event> events(String reason) {
    return api.events(namespace, pipeline.getMetadata().getName()).stream()
        .filter(event -> reason.equals(event.getReason())).toList();
  }

  private List<String> messages(String reason) {
    return events(reason).stream().map(Event::getMessage).toList();
  }
}
