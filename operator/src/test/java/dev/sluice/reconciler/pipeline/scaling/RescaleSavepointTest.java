package dev.sluice.reconciler.pipeline.scaling;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.SavepointReason;
import dev.sluice.api.pipeline.SavepointStatus;
import dev.sluice.autoscaler.ScalingDecision;
import dev.sluice.autoscaler.ScalingPolicy;
import dev.sluice.flink.FlinkRestClient;
import dev.sluice.flink.FlinkRestException;
import dev.sluice.flink.FlinkTestCluster;
import dev.sluice.flink.TestJobs;
import dev.sluice.fixtures.Specs;
import dev.sluice.observation.FlinkJobState;
import dev.sluice.reconciler.EventRecorder;
import dev.sluice.reconciler.pipeline.PipelineMetrics;
import dev.sluice.reconciler.pipeline.Savepoints;
import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The savepoint the autoscaler asks for before a rescale, taken from a real job that keeps
 * running, tracked in {@code status.pendingSavepoint} like every other savepoint.
 */
@ExtendWith(RealApiServer.class)
class RescaleSavepointTest {

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
  private Decisions decisions;

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
    pipeline.setSpec(Specs.pipeline("""
        inputs: [clicks]
        outputs: [counts]
        sql: INSERT INTO counts SELECT * FROM clicks
        """));
    pipeline.setStatus(new PipelineStatus());
    pipeline.getStatus().setPlanHash("plan-a");
    decisions = new Decisions(new EventRecorder(api.client(), Clock.systemUTC()),
        new PipelineMetrics(new SimpleMeterRegistry(), Clock.systemUTC()), savepoints(Clock.systemUTC()));
  }

  @Test
  void aSavepointIsTriggeredOnceTrackedInStatusAndTheJobKeepsRunning() {
    PipelineStatus status = pipeline.getStatus();

    trigger(status);
    SavepointStatus first = status.getPendingSavepoint();
    trigger(status);

    assertSame(first, status.getPendingSavepoint(), "no second savepoint while the first is in flight");
    assertEquals(SavepointReason.RESCALE, first.getReason());
    assertEquals(jobId, first.getJobId());
    assertEquals("plan-a", first.getPlanHash());
    assertEquals(List.of(DECISION.reason()), messages("SavepointForRescale"));

    Savepoints savepoints = savepoints(Clock.systemUTC());
    await().atMost(PATIENCE).until(() -> savepoints.poll(pipeline, first).progress() != Savepoints.Progress.IN_PROGRESS);
    assertNotNull(first.getPath(), "written");
    assertNull(first.getTriggerId());
    assertEquals(FlinkJobState.RUNNING, flink.job(FLINK.endpoint(), jobId).summary().state());
    // Restores count from it from now on: Flink itself reports it as the latest savepoint, once
    // its REST API's cache of checkpoint statistics has expired.
    Instant triggered = await().atMost(PATIENCE)
        .until(() -> flink.checkpoints(FLINK.endpoint(), jobId).latestSavepoint(), Optional::isPresent).orElseThrow()
        .triggerTime();
    assertTrue(!triggered.isBefore(Instant.parse(first.getTime())), triggered + " vs " + first.getTime());
  }

  private void trigger(PipelineStatus status) {
    decisions.apply(pipeline, status, DECISION, ScalingPolicy.of(pipeline.getSpec(), Optional.empty(),
        Optional.empty(), Optional.empty()), jobId, Instant.now(), 2);
  }

  private static Savepoints savepoints(Clock clock) {
    return new Savepoints(FLINK.resolver(), new FlinkRestClient(), clock);
  }

  private List<String> messages(String reason) {
    return api.events(namespace, pipeline.getMetadata().getName()).stream()
        .filter(event -> reason.equals(event.getReason())).map(Event::getMessage).toList();
  }
}
