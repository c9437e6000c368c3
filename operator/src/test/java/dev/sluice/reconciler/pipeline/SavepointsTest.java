package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.SavepointReason;
import dev.sluice.api.pipeline.SavepointStatus;
import dev.sluice.fixtures.Specs;
import dev.sluice.flink.FlinkEndpointResolver;
import dev.sluice.testing.FakeFlinkJobClient;
import dev.sluice.testing.SettableClock;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one savepoint tracker and its timeout rule, against a FAKE job manager. */
class SavepointsTest {

  private static final FlinkEndpointResolver NOWHERE = pipeline -> URI.create("http://fake-job-manager.invalid:8081");

  private final FakeFlinkJobClient flink = new FakeFlinkJobClient("sluice/shop/counts");
  private final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final Savepoints savepoints = new Savepoints(NOWHERE, flink, clock);
  private final Pipeline pipeline = pipeline("""
      inputs: [clicks]
      outputs: [counts]
      sql: INSERT INTO counts SELECT * FROM clicks
      checkpointing:
        timeout: 2m
      """);

  @Test
  void aSavepointIsInProgressThroughRestFailuresUntilFlinkSaysItIsWritten() {
    SavepointStatus pending = savepoints.start(pipeline, "job-1", SavepointReason.UPGRADE, "plan-a");
    assertEquals(1, flink.stops());
    assertEquals(SavepointReason.UPGRADE, pending.getReason());
    assertEquals("2030-01-01T00:00:00Z", pending.getTime());

    flink.failWith(new IllegalStateException("connection refused"));
    clock.advance(Duration.ofSeconds(30));
    Savepoints.Answer unreachable = savepoints.poll(pipeline, pending);
    assertEquals(Savepoints.Progress.IN_PROGRESS, unreachable.progress(), "the job manager may be restarting");
    assertTrue(unreachable.detail().contains("connection refused"), unreachable.detail());

    flink.failWith(null);
    flink.completeSavepoint("file:///state/savepoint-1");
    Savepoints.Answer written = savepoints.poll(pipeline, pending);
    assertEquals(Savepoints.Progress.WRITTEN, written.progress());
    assertEquals("file:///state/savepoint-1", pending.getPath());
    assertNull(pending.getTriggerId(), "nothing left to ask Flink");
    assertEquals(1, flink.stops(), "asking is not triggering");
  }

  @Test
  void aSavepointNotWrittenWithinTheCheckpointTimeoutAndTheGraceHasFailed() {
    SavepointStatus pending = savepoints.start(pipeline, "job-1", SavepointReason.SUSPEND, "plan-a");
    assertEquals(Duration.ofMinutes(3), Savepoints.timeout(pipeline), "spec.checkpointing.timeout and a minute");

    clock.advance(Duration.ofMinutes(3));
    assertEquals(Savepoints.Progress.IN_PROGRESS, savepoints.poll(pipeline, pending).progress());

    clock.advance(Duration.ofSeconds(1));
    flink.failWith(new IllegalStateException("connection refused"));
    Savepoints.Answer late = savepoints.poll(pipeline, pending);
    assertEquals(Savepoints.Progress.FAILED, late.progress());
    assertTrue(late.detail().startsWith("not written within 180s (spec.checkpointing.timeout and 60s more)"),
        late.detail());
    assertTrue(late.detail().contains("connection refused"), "why Flink could not be asked: " + late.detail());
  }

  private static Pipeline pipeline(String spec) {
    Pipeline pipeline = new Pipeline();
    pipeline.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName("counts").build());
    pipeline.setSpec(Specs.pipeline(spec));
    return pipeline;
  }
}
