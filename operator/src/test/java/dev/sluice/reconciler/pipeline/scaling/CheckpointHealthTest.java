package dev.sluice.reconciler.pipeline.scaling;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.autoscaler.AutoscalerHistory;
import dev.sluice.observation.CheckpointStats;
import dev.sluice.observation.FailedCheckpoint;
import dev.sluice.reconciler.EventRecorder;
import dev.sluice.reconciler.pipeline.PipelineReason;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Degraded while the autoscaler finds checkpoints failing, with one event when that starts and one when it ends. */
@ExtendWith(RealApiServer.class)
class CheckpointHealthTest {

  private static final CheckpointStats FAILING = new CheckpointStats(5, Optional.empty(),
      Optional.of(new FailedCheckpoint(9, Instant.EPOCH, Instant.EPOCH, Optional.of("Checkpoint expired"))), 4, Optional.empty(), 0);

  private static ApiServer api;
  private static String namespace;

  @BeforeAll
  static void namespace(ApiServer server) {
    api = server;
    namespace = server.newNamespace("health");
  }

  @Test
  void failingCheckpointsDegradeThePipelineUntilOneCompletes() {
    Pipeline pipeline = pipeline("orders");
    PipelineMemory memory = new PipelineMemory(AutoscalerHistory.empty());
    CheckpointHealth health = new CheckpointHealth(new EventRecorder(api.client(), Clock.systemUTC()));

    health.evaluated(pipeline, true, FAILING, memory);
    health.evaluated(pipeline, true, FAILING, memory);

    ScalingTrouble degraded = CheckpointHealth.trouble(memory).orElseThrow();
    assertEquals(PipelineReason.CheckpointsFailing, degraded.reason());
    assertTrue(degraded.message().startsWith("4 checkpoints failed in a row (latest: Checkpoint expired)"),
        degraded.message());
    List<Event> warnings = events(pipeline, "CheckpointsFailing");
    assertEquals(1, warnings.size());
    assertEquals(1, warnings.get(0).getCount(), "one warning when they start failing, not one per evaluation");
    assertEquals("Warning", warnings.get(0).getType());

    health.evaluated(pipeline, false, FAILING, memory);

    assertTrue(CheckpointHealth.trouble(memory).isEmpty(), "no longer degraded by its checkpoints");
    assertEquals(1, events(pipeline, "CheckpointsRecovered").size());
  }

  @Test
  void aPipelineThatStopsRunningIsNoLongerDegradedByItsCheckpoints() {
    Pipeline pipeline = pipeline("totals");
    PipelineMemory memory = new PipelineMemory(AutoscalerHistory.empty());
    CheckpointHealth health = new CheckpointHealth(new EventRecorder(api.client(), Clock.systemUTC()));
    health.evaluated(pipeline, true, FAILING, memory);

    health.notEvaluated(memory);
    health.evaluated(pipeline, true, FAILING, memory);

    assertEquals(2, events(pipeline, "CheckpointsFailing").get(0).getCount(),
        "failing again once it runs again is news");
  }

  private static Pipeline pipeline(String name) {
    Pipeline pipeline = new Pipeline();
    pipeline.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withUid(name + "-uid")
        .withGeneration(1L).build());
    return pipeline;
  }

  private static List<Event> events(Pipeline pipeline, String reason) {
    return api.events(namespace, pipeline.getMetadata().getName()).stream()
        .filter(event -> reason.equals(event.getReason())).toList();
  }
}
