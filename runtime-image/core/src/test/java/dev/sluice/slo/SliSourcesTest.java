package dev.sluice.slo;

import dev.sluice.api.dataset.DatasetStatus;
import dev.sluice.api.pipeline.CheckpointStatus;
import dev.sluice.api.pipeline.JobStatus;
import dev.sluice.api.pipeline.LagStatus;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.QualityViolations;
import dev.sluice.api.pipeline.ThroughputStatus;
import dev.sluice.api.slo.Indicator;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SliSourcesTest {

  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

  private static Indicator freshness(String threshold) {
    return new Indicator(new Indicator.Freshness(threshold), null, null, null, null, null);
  }

  @Test
  void freshnessIsTheAgeOfFreshThroughNow() {
    PipelineStatus pipeline = new PipelineStatus();
    pipeline.setFreshThrough(NOW.minusSeconds(200).toString());
    pipeline.setFreshnessSeconds(5L);
    SliReading reading = SliSources.read(freshness("5m"), pipeline, null, Map.of(), NOW);
    assertEquals(SliOutcome.GOOD, reading.sample().outcome());
    assertEquals(200.0, reading.sample().value(), "aged since the pipeline's last observation");
    DatasetStatus dataset = new DatasetStatus();
    dataset.setFreshThrough(NOW.minusSeconds(301).toString());
    assertEquals(SliOutcome.BAD, SliSources.read(freshness("5m"), null, dataset, Map.of(), NOW).sample().outcome());
  }

  @Test
  void aTargetThatHasNotReportedIsMissingAndSaysSo() {
    SliReading reading = SliSources.read(freshness("5m"), new PipelineStatus(), null, Map.of(), NOW);
    assertEquals(SliOutcome.MISSING, reading.sample().outcome());
    assertTrue(reading.unknown().startsWith("spec.target"), reading.unknown());
    Indicator availability = new Indicator(null, null, null, new Indicator.Availability(), null, null);
    assertEquals(SliOutcome.MISSING, SliSources.read(availability, null, null, Map.of(), NOW).sample().outcome());
  }

  @Test
  void latencyIsNotMeasuredYetAndNeverMadeUp() {
    Indicator latency = new Indicator(null, null, null, null, null, new Indicator.Latency(99.0, "30s"));
    PipelineStatus pipeline = new PipelineStatus();
    pipeline.setFreshThrough(NOW.toString());
    SliReading reading = SliSources.read(latency, pipeline, null, Map.of(), NOW);
    assertEquals(SliOutcome.MISSING, reading.sample().outcome());
    assertNull(reading.sample().value());
    assertTrue(reading.unknown().contains("not measured"), reading.unknown());
  }

  @Test
  void lagHoldsEveryBoundThatIsSet() {
    Indicator lag = new Indicator(null, new Indicator.Lag(1000L, "2m"), null, null, null, null);
    PipelineStatus pipeline = new PipelineStatus();
    pipeline.setLag(new LagStatus());
    pipeline.getLag().setRecords(500L);
    pipeline.getLag().setSeconds(30.0);
    assertEquals(SliOutcome.GOOD, SliSources.read(lag, pipeline, null, Map.of(), NOW).sample().outcome());
    pipeline.getLag().setRecords(5000L);
    SliReading over = SliSources.read(lag, pipeline, null, Map.of(), NOW);
    assertEquals(SliOutcome.BAD, over.sample().outcome());
    assertEquals(30.0, over.sample().value(), "seconds, as maxDelay is set");
  }

  @Test
  void availabilityIsAJobThatRuns() {
    Indicator availability = new Indicator(null, null, null, new Indicator.Availability(), null, null);
    PipelineStatus pipeline = new PipelineStatus();
    pipeline.setJob(new JobStatus());
    pipeline.getJob().setState("RUNNING");
    assertEquals(SliOutcome.GOOD, SliSources.read(availability, pipeline, null, Map.of(), NOW).sample().outcome());
    pipeline.getJob().setState("RESTARTING");
    assertEquals(SliOutcome.BAD, SliSources.read(availability, pipeline, null, Map.of(), NOW).sample().outcome());
  }

  @Test
  void checkpointsCountWhatCompletedAndFailedSinceTheLastReading() {
    Indicator checkpoints = new Indicator(null, null, new Indicator.CheckpointSuccess(), null, null, null);
    PipelineStatus pipeline = new PipelineStatus();
    pipeline.setCheckpoint(new CheckpointStatus());
    pipeline.getCheckpoint().setCompleted(10L);
    pipeline.getCheckpoint().setFailuresInARow(0);
    SliReading first = SliSources.read(checkpoints, pipeline, null, Map.of(), NOW);
    assertEquals(0, first.sample().total(), "the first reading sets where counting starts");

    pipeline.getCheckpoint().setCompleted(13L);
    SliReading second = SliSources.read(checkpoints, pipeline, null, first.counters(), NOW);
    assertEquals(3, second.sample().good());
    assertEquals(3, second.sample().total());

    pipeline.getCheckpoint().setFailuresInARow(2);
    SliReading third = SliSources.read(checkpoints, pipeline, null, second.counters(), NOW);
    assertEquals(0, third.sample().good());
    assertEquals(2, third.sample().total());
    assertEquals(SliOutcome.BAD, third.sample().outcome());

    pipeline.getCheckpoint().setCompleted(2L);
    pipeline.getCheckpoint().setFailuresInARow(1);
    SliReading restarted = SliSources.read(checkpoints, pipeline, null, third.counters(), NOW);
    assertEquals(2, restarted.sample().good(), "a restarted job counts from zero");
    assertEquals(3, restarted.sample().total());
  }

  @Test
  void qualityPassRateIsRowsInAgainstViolations() {
    Indicator quality = new Indicator(null, null, null, null, new Indicator.QualityPassRate("non_negative"), null);
    PipelineStatus pipeline = new PipelineStatus();
    pipeline.setThroughput(new ThroughputStatus());
    pipeline.getThroughput().setInputRecordsPerSecond(100.0);
    pipeline.setQuality(List.of(violations("non_negative", 5), violations("not_null", 1000)));
    SliReading first = SliSources.read(quality, pipeline, null, Map.of(), NOW);
    pipeline.setQuality(List.of(violations("non_negative", 15), violations("not_null", 5000)));
    SliReading second = SliSources.read(quality, pipeline, null, first.counters(), NOW.plusSeconds(10));
    assertEquals(1000, second.sample().total(), 1e-9, "100 rows a second for 10 seconds");
    assertEquals(990, second.sample().good(), 1e-9, "10 more violations of this rule; the other rule is not asked");
  }

  private static QualityViolations violations(String rule, long count) {
    QualityViolations violations = new QualityViolations();
    violations.setRule(rule);
    violations.setViolations(count);
    return violations;
  }
}
