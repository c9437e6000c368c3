package dev.sluice.flink;

import dev.sluice.observation.CompletedCheckpoint;
import dev.sluice.observation.FlinkJobState;
import dev.sluice.observation.JobFailure;
import dev.sluice.observation.JobObservation;
import dev.sluice.observation.ObservationStatus;
import dev.sluice.api.pipeline.ParallelismStatus;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Observing a Pipeline's job on a real Flink MiniCluster, and writing it onto the status. */
@TestMethodOrder(OrderAnnotation.class) // the cluster runs no job until the second test submits one
class JobObserverTest {

  @RegisterExtension
  static final FlinkTestCluster FLINK = new FlinkTestCluster();

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private final JobObserver observer =
      new JobObserver(FLINK.resolver(), new FlinkRestClient(), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  @Order(1)
  void observesNothingWhileTheClusterRunsNoJob() {
    assertEquals(Optional.empty(), observer.observe(pipeline()));
  }

  @Test
  @Order(2)
  void observesTheRunningJobAndWritesItOntoThePipelineStatus() throws Exception {
    String jobId = FLINK.submit(TestJobs.countingJob("sluice/shop/orders"));
    // Started later, so only the name tells the pipeline's job from it.
    FLINK.submit(TestJobs.countingJob("sluice/shop/returns"));

    JobObservation observation = await().atMost(Duration.ofSeconds(30))
        .until(() -> observer.observe(pipeline()).orElseThrow(), JobObserverTest::complete);

    assertEquals(jobId, observation.job().id());
    assertEquals(FlinkJobState.RUNNING, observation.job().state());
    assertEquals(TestJobs.PARALLELISM, observation.parallelism());
    assertEquals(OptionalLong.of(TestJobs.TOTAL_PENDING_RECORDS), observation.sourceLagRecords());
    assertEquals(OptionalLong.of(0), observation.restarts());
    double busy = observation.maxBusyRatio().orElseThrow();
    assertTrue(0 <= busy && busy <= 1, () -> "busy ratio " + busy);
    assertEquals(NOW, observation.observedAt());

    PipelineStatus status = new PipelineStatus();
    status.setParallelism(new ParallelismStatus());
    status.getParallelism().setDesired(4);
    ObservationStatus.apply(observation, status);

    assertEquals(jobId, status.getJob().getId());
    assertEquals("RUNNING", status.getJob().getState());
    assertEquals(observation.job().startTime(), Instant.parse(status.getJob().getStartTime()));
    assertEquals(TestJobs.PARALLELISM, status.getParallelism().getCurrent());
    assertEquals(4, status.getParallelism().getDesired());
    assertEquals(TestJobs.TOTAL_PENDING_RECORDS, status.getLag().getRecords());
    assertEquals(TestJobs.TOTAL_PENDING_RECORDS / observation.inputRecordsPerSecond().orElseThrow(),
        status.getLag().getSeconds(), 1e-9);
    assertEquals(observation.outputRecordsPerSecond().orElseThrow(), status.getThroughput().getOutputRecordsPerSecond());
    CompletedCheckpoint latest = observation.checkpoints().latestCompleted().orElseThrow();
    assertEquals(latest.completionTime(), Instant.parse(status.getCheckpoint().getLastCompletedTime()));
    assertEquals(latest.duration().toMillis(), status.getCheckpoint().getLastDurationMillis());
    assertEquals(observation.checkpoints().completed(), status.getCheckpoint().getCompleted());
  }

  @Test
  @Order(3)
  void readsTheInnermostCauseOfAFailedJob() throws Exception {
    String jobId = FLINK.submit(TestJobs.failingJob("sluice/shop/ledger"));

    JobObservation failed = await().atMost(Duration.ofSeconds(30))
        .until(() -> observer.observe(pipeline("ledger")).orElseThrow(),
            seen -> seen.job().state() == FlinkJobState.FAILED && seen.latestFailure().isPresent());

    assertEquals(jobId, failed.job().id());
    JobFailure failure = failed.latestFailure().orElseThrow();
    assertTrue(failure.cause().startsWith("java.lang.IllegalArgumentException: order ")
        && failure.cause().endsWith(" has no ledger account"), failure.cause());
    assertFalse(failure.time().isAfter(Instant.now()));
    PipelineStatus status = new PipelineStatus();
    ObservationStatus.apply(failed, status);
    assertEquals(failure.cause(), status.getJob().getLastFailure());
    assertEquals(failure.time().toString(), status.getJob().getLastFailureTime());
  }

  /** Records flow in and out, a checkpoint completed, and the sources reported their backlog. */
  private static boolean complete(JobObservation observation) {
    return observation.inputRecordsPerSecond().orElse(0) > 0
        && observation.outputRecordsPerSecond().orElse(0) > 0
        && observation.maxBusyRatio().isPresent()
        && observation.sourceLagRecords().isPresent()
        && observation.restarts().isPresent()
        && observation.checkpoints().latestCompleted().isPresent();
  }

  private static Pipeline pipeline() {
    return pipeline("orders");
  }

  private static Pipeline pipeline(String name) {
    Pipeline pipeline = new Pipeline();
    pipeline.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName(name).build());
    return pipeline;
  }
}
