package dev.sluice.observation;

import dev.sluice.api.pipeline.LagStatus;
import dev.sluice.api.pipeline.PipelineStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The edges of the mapping the real-cluster test does not reach: values Flink has not reported. */
class ObservationStatusTest {

  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  private static final JobVertex SOURCE = new JobVertex("a", "Source: orders", 3, true, false);
  private static final JobVertex SINK = new JobVertex("b", "Sink: totals", 2, false, true);
  private static final CheckpointStats NO_CHECKPOINTS =
      new CheckpointStats(0, Optional.empty(), Optional.empty(), 0, Optional.empty(), 0);

  @Test
  void whatFlinkHasNotReportedStaysUnset() {
    JobObservation observation = observation(
        List.of(unreported(SOURCE), unreported(SINK)), NO_CHECKPOINTS, OptionalLong.empty());

    PipelineStatus status = new PipelineStatus();
    ObservationStatus.apply(observation, status);

    assertEquals("INITIALIZING", status.getJob().getState());
    assertNull(status.getJob().getRestarts());
    assertNull(status.getParallelism().getCurrent(), "an initialising job's vertices report their maximum");
    assertNull(status.getLag());
    assertNull(status.getThroughput());
    assertEquals(0L, status.getCheckpoint().getCompleted());
    assertNull(status.getCheckpoint().getLastCompletedTime());
  }

  @Test
  void theParallelismIsARunningJobsAndStaysWhileItRestarts() {
    PipelineStatus status = new PipelineStatus();
    ObservationStatus.apply(Looks.look(10, 3, 100, 0L, 0.5), status);
    JobObservation running = Looks.look(20, 720, 100, 0L, 0.5);
    JobObservation restarting = new JobObservation(new JobSummary(running.job().id(), running.job().name(),
        FlinkJobState.RESTARTING, running.job().startTime()), running.restarts(), running.vertices(),
        running.checkpoints(), running.latestFailure(), running.observedAt());
    ObservationStatus.apply(restarting, status);

    assertEquals(3, status.getParallelism().getCurrent());
    assertEquals("RESTARTING", status.getJob().getState());
  }

  @Test
  void lagSecondsAreTheBacklogOverTheRateTheSourcesRead() {
    VertexMetrics source = new VertexMetrics(SOURCE, OptionalDouble.of(200), OptionalDouble.of(900),
        OptionalDouble.of(150), OptionalDouble.of(150), OptionalLong.of(3_000));
    VertexMetrics sink = new VertexMetrics(SINK, OptionalDouble.of(100), OptionalDouble.of(250),
        OptionalDouble.of(120), OptionalDouble.of(0), OptionalLong.empty());

    LagStatus lag = ObservationStatus.lag(observation(List.of(source, sink), NO_CHECKPOINTS, OptionalLong.of(1)))
        .orElseThrow();

    assertEquals(3_000L, lag.getRecords());
    assertEquals(20.0, lag.getSeconds());
    assertEquals(ObservationStatus.LAG_FROM_FLINK, lag.getSource());
  }

  @Test
  void anIdleSourceHasALagButNoDrainTime() {
    VertexMetrics idle = new VertexMetrics(SOURCE, OptionalDouble.of(0), OptionalDouble.of(0),
        OptionalDouble.of(0), OptionalDouble.of(0), OptionalLong.of(42));

    LagStatus lag = ObservationStatus.lag(observation(List.of(idle), NO_CHECKPOINTS, OptionalLong.of(0)))
        .orElseThrow();

    assertEquals(42L, lag.getRecords());
    assertNull(lag.getSeconds());
  }

  @Test
  void checkpointStatusCarriesTheLatestCompletedAndTheFailuresSince() {
    var latest = new CompletedCheckpoint(7, START, START.plusMillis(1_250), Duration.ofMillis(1_250),
        4_096, Optional.of("s3://state/chk-7"));
    var stats = new CheckpointStats(7, Optional.of(latest), Optional.empty(), 2, Optional.empty(), 0);

    var checkpoint = ObservationStatus.checkpoint(observation(List.of(unreported(SOURCE)), stats, OptionalLong.of(0)));

    assertEquals("2030-01-01T00:00:01.250Z", checkpoint.getLastCompletedTime());
    assertEquals(1_250L, checkpoint.getLastDurationMillis());
    assertEquals(4_096L, checkpoint.getLastSizeBytes());
    assertEquals(2, checkpoint.getFailuresInARow());
    assertEquals(7L, checkpoint.getCompleted());
    assertTrue(ObservationStatus.throughput(observation(List.of(unreported(SOURCE)), stats, OptionalLong.of(0)))
        .isEmpty(), "no rates reported: no throughput object, which server-side apply would turn into null");
  }

  private static VertexMetrics unreported(JobVertex vertex) {
    return new VertexMetrics(vertex, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
        OptionalDouble.empty(), OptionalLong.empty());
  }

  private static JobObservation observation(List<VertexMetrics> vertices, CheckpointStats checkpoints,
      OptionalLong restarts) {
    var job = new JobSummary("f00d", "orders", FlinkJobState.INITIALIZING, START);
    return new JobObservation(job, restarts, vertices, checkpoints, Optional.empty(), START.plusSeconds(60));
  }
}
