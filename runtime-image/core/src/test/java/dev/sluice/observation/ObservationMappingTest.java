package dev.sluice.observation;

import dev.sluice.autoscaler.SourceLayout;
import dev.sluice.autoscaler.Autoscaler;
import dev.sluice.autoscaler.AutoscalerConfig;
import dev.sluice.autoscaler.AutoscalerHistory;
import dev.sluice.autoscaler.CheckpointMetrics;
import dev.sluice.autoscaler.Observation;
import dev.sluice.autoscaler.ScalingDecision;
import dev.sluice.autoscaler.SourceMetrics;
import dev.sluice.autoscaler.VertexLoad;
import dev.sluice.observation.FlinkJobState;
import dev.sluice.observation.JobObservation;
import dev.sluice.observation.JobSummary;
import dev.sluice.observation.VertexMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import static dev.sluice.observation.Looks.START;
import static dev.sluice.observation.Looks.look;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** From two looks at a Flink job to the autoscaler's observation, or to a hold when data is missing. */
class ObservationMappingTest {

  private static final Duration INTERVAL = Duration.ofSeconds(30);
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final SourceLayout ONE_KAFKA_INPUT = new SourceLayout(12, 1);

  @Test
  void arrivalsAreTheRecordsReadPlusTheGrowthOfTheBacklog() {
    Observation observation = map(look(60, 3, 150, 1_000L, 0.9), look(64, 3, 150, 1_400L, 0.95));

    SourceMetrics source = observation.sources().get(0);
    assertEquals("Source: orders", source.name());
    assertEquals(1_400, source.lag());
    assertEquals(150 + 400 / 4.0, source.arrivalRate(), 1e-9);
    assertEquals(3, observation.parallelism());
    assertEquals(12, observation.sourcePartitions());
    assertEquals(START.plusSeconds(64), observation.time());
    assertEquals(Optional.of(START), observation.runningSince());
  }

  @Test
  void aShrinkingBacklogNeverMakesArrivalsNegative() {
    Observation observation = map(look(60, 3, 50, 3_000L, 1.0), look(62, 3, 50, 0L, 1.0));

    assertEquals(0, observation.sources().get(0).arrivalRate());
    assertEquals(0, observation.lag());
  }

  @Test
  void busyTimeBecomesFractionsAndTheRatesCarryOver() {
    Observation observation = map(look(60, 3, 150, 0L, 0.4), look(64, 3, 150, 0L, 0.5));

    var source = observation.vertices().get(0);
    var sink = observation.vertices().get(1);
    assertTrue(source.source());
    assertEquals(0.5, source.averageBusy(), 1e-9);
    assertEquals(0.5, source.maxBusy(), 1e-9);
    assertEquals(150, source.processingRate());
    assertEquals(150, observation.throughput());
    assertEquals("Sink: totals", sink.name());
  }

  @Test
  void checkpointAgeCountsFromTheNewerOfTheLatestCheckpointAndSavepoint() {
    JobObservation current = look(64, 3, 150, 0L, 0.5);
    CheckpointMetrics fromCheckpoint = map(look(60, 3, 150, 0L, 0.5), current).checkpoints();
    assertEquals(Duration.ofSeconds(14), fromCheckpoint.age().orElseThrow(), "triggered at 50s, looked at 64s");
    assertEquals(Duration.ofMillis(800), fromCheckpoint.lastDuration().orElseThrow());
    assertEquals(INTERVAL, fromCheckpoint.interval());
    assertEquals(TIMEOUT, fromCheckpoint.timeout());
    assertEquals(0, fromCheckpoint.failuresInRow());

    CheckpointStats savepointed = new CheckpointStats(3, Looks.CHECKPOINTED.latestCompleted(), Optional.empty(), 0,
        Optional.of(new CompletedCheckpoint(4, START.plusSeconds(60), START.plusSeconds(61), Duration.ofSeconds(1), 0,
            Optional.empty())), 0);
    JobObservation afterSavepoint = new JobObservation(current.job(), current.restarts(), current.vertices(),
        savepointed, current.latestFailure(), current.observedAt());
    MappingInputs anotherInProgress = new MappingInputs(ONE_KAFKA_INPUT, INTERVAL, TIMEOUT, START, true,
        OptionalLong.empty(), OptionalLong.empty());
    CheckpointMetrics fromSavepoint = ObservationMapping.map(afterSavepoint, Optional.of(look(60, 3, 150, 0L, 0.5)),
        anotherInProgress).observation().orElseThrow().checkpoints();
    assertEquals(Duration.ofSeconds(4), fromSavepoint.age().orElseThrow());
    assertTrue(fromSavepoint.savepointInProgress());
  }

  @Test
  void theConsumerGroupsLagBeyondWhatWasReadSinceTheLastCheckpointIsBacklogFlinkDoesNotShow() {
    // Flink's pendingRecords stuck at 0, as under a fetcher waiting on a full queue; the source reads
    // 150 records/s; the latest checkpoint was triggered at 50s, and the job is looked at at 64s.
    JobObservation before = look(60, 3, 150, 0L, 0.9);
    JobObservation current = look(64, 3, 150, 0L, 0.9);

    assertEquals(12_000 - 150 * 14, backlog(current, before, OptionalLong.of(12_000)), 1,
        "the groups' lag less what was read since the checkpoint the offsets were committed at");
    assertEquals(0, backlog(current, before, OptionalLong.of(150 * 14)), 1,
        "a lag that the reads since the last checkpoint explain is no backlog");
    assertEquals(0, backlog(current, before, OptionalLong.empty()), "brokers that did not answer add nothing");

    JobObservation reporting = look(64, 3, 150, 9_000L, 0.9);
    assertEquals(9_000, backlog(reporting, look(60, 3, 150, 9_000L, 0.9), OptionalLong.of(9_000 + 150 * 14)), 1,
        "Flink's own figure stands when the groups agree with it");
  }

  @Test
  void whatWasReadBeforeTheLookBeforeCountsAtTheHigherOfTheRateSinceAndFlinksMinuteRate() {
    // A drain at 1000 records/s ended by the look at 60s; the checkpoint the groups' offsets were
    // committed at was triggered at 50s, so 10 s of the drain and 4 s at 150/s were read since.
    JobObservation drained = look(60, 3, 1_000, 0L, 0.9);
    JobObservation current = look(64, 3, 150, 0L, 0.3);
    long readSinceCommit = 1_000 * 10 + 150 * 4;

    assertEquals(0, backlog(current, drained, OptionalLong.of(readSinceCommit)), 1,
        "all of the groups' lag was read since the checkpoint: nothing waits");
    assertEquals(5_000, backlog(current, drained, OptionalLong.of(readSinceCommit + 5_000)), 1);
  }

  @Test
  void aRecordsCounterThatWentDownMeansTheTasksRestartedBetweenTheLooks() {
    // Flink answers a look with the metrics it fetched for the one before: the first look after an
    // unseen restart still reads the old tasks' counter, and Flink's minute rate reads low.
    JobObservation oldTasks = counted(look(65, 3, 2_000, 0L, 1.0), 390_000);
    JobObservation newTasks = counted(look(80, 3, 300, 0L, 1.0), 20_000);

    assertLacking(oldTasks, newTasks, "a second look since the tasks of 'Source: orders' restarted");
    assertEquals(2_000, map(newTasks, counted(look(95, 3, 700, 0L, 1.0), 50_000)).throughput(), 1e-9,
        "the next look measures from the new tasks' counter");
  }

  @Test
  void aSourceHidingItsBacklogHidesItsArrivalsWhichTheGroupsLagGrowthShows() {
    // pendingRecords stuck at 0 while 500 records/s arrive and 150 are read; both looks see the
    // checkpoint of 50s, so the offsets the groups' lag is counted from did not move in between.
    JobObservation before = look(60, 3, 150, 0L, 1.0);
    JobObservation current = look(64, 3, 150, 0L, 1.0);

    assertEquals(500, arrivals(current, before, OptionalLong.of(12_000), OptionalLong.of(10_000)), 1e-9,
        "the groups' lag grew by 2000 in 4 s");
    assertEquals(150, arrivals(current, before, OptionalLong.of(12_000), OptionalLong.empty()), 1e-9,
        "without the lag of the look before, what the sources show");
    assertEquals(150, arrivals(current, before, OptionalLong.of(150 * 14), OptionalLong.of(150 * 10)), 1e-9,
        "a lag the reads explain hides nothing, and its growth is no arrival");
    assertEquals(150, arrivals(current, before, OptionalLong.of(150 * 14 + 500), OptionalLong.of(0)), 1e-9,
        "500 hidden, less than the 600 a span reads, is within the estimate's error");
  }

  @Test
  void aBacklogTheConsumerGroupsWereReadAgainstIsChecked() {
    // The unknown-backlog rule reads a zero as unknown only where nothing checked it.
    JobObservation before = look(60, 3, 150, 0L, 1.0);
    JobObservation current = look(64, 3, 150, 0L, 1.0);

    assertTrue(source(current, before, OptionalLong.of(150 * 14)).lagChecked(), "the groups confirm the zero");
    assertTrue(source(current, before, OptionalLong.of(12_000)).lagChecked(), "the groups' lag counts as backlog");
    assertFalse(source(current, before, OptionalLong.empty()).lagChecked(), "brokers that did not answer check nothing");
    JobObservation uncheckpointed = new JobObservation(current.job(), current.restarts(), current.vertices(),
        new CheckpointStats(0, Optional.empty(), Optional.empty(), 0, Optional.empty(), 0), current.latestFailure(),
        current.observedAt());
    assertFalse(source(uncheckpointed, before, OptionalLong.of(150 * 14)).lagChecked(),
        "without a completed checkpoint nothing tells how much of the groups' lag was read");
  }

  private static double arrivals(JobObservation current, JobObservation before, OptionalLong committedLag,
      OptionalLong committedLagBefore) {
    var inputs = new MappingInputs(ONE_KAFKA_INPUT, INTERVAL, TIMEOUT, START, false, committedLag, committedLagBefore);
    return ObservationMapping.map(current, Optional.of(before), inputs).observation().orElseThrow().arrivalRate();
  }

  private static double backlog(JobObservation current, JobObservation before, OptionalLong committedLag) {
    return source(current, before, committedLag).lag();
  }

  private static SourceMetrics source(JobObservation current, JobObservation before, OptionalLong committedLag) {
    var inputs = new MappingInputs(ONE_KAFKA_INPUT, INTERVAL, TIMEOUT, START, false, committedLag, OptionalLong.empty());
    return ObservationMapping.map(current, Optional.of(before), inputs).observation().orElseThrow().sources().get(0);
  }

  @Test
  void aSourceThatIsNotKafkaHasNoBacklogAndArrivalsAreWhatItReads() {
    var inputs = new MappingInputs(new SourceLayout(8, 0), INTERVAL, TIMEOUT, START, false, OptionalLong.empty(),
        OptionalLong.empty());

    Observation observation = ObservationMapping.map(look(64, 2, 200, null, 0.5),
        Optional.of(look(60, 2, 200, null, 0.5)), inputs).observation().orElseThrow();

    assertEquals(0, observation.lag());
    assertEquals(200, observation.arrivalRate());
    assertFalse(observation.lagChecked(), "a generator slows down instead of keeping a backlog to check");
  }

  @Test
  void missingDataIsWaitedForNeverReadAsZero() {
    JobObservation before = look(60, 3, 150, 1_000L, 0.5);
    assertLacking(before, look(64, 3, 150, null, 0.5), "the backlog (pendingRecords) of every Kafka source");
    assertLacking(look(60, 3, 150, null, 0.5), look(64, 3, 150, 1_000L, 0.5), "the backlog of 'Source: orders'");
    assertLacking(before, look(64, 3, 150, 1_000L, null), "the record rate and busy time of 'Source: orders'");
  }

  @Test
  void theBacklogsGrowthNeedsTwoLooksAtTheSameJobAtTheSameParallelismFarEnoughApart() {
    JobObservation current = look(64, 3, 150, 1_000L, 0.5);
    assertLacking(null, current, "a second look at the job running at parallelism 3");
    assertLacking(look(60, 2, 150, 1_000L, 0.5), current, "a second look at the job running at parallelism 3");
    JobObservation otherJob = new JobObservation(new JobSummary("job-2", "sluice/shop/orders", FlinkJobState.RUNNING,
        START), OptionalLong.empty(), look(60, 3, 150, 1_000L, 0.5).vertices(), Looks.CHECKPOINTED,
        Optional.empty(), START.plusSeconds(60));
    assertLacking(otherJob, current, "a second look at the job running at parallelism 3");
    JobObservation justBefore = new JobObservation(current.job(), current.restarts(), current.vertices(),
        current.checkpoints(), current.latestFailure(), current.observedAt().minusMillis(300));
    assertLacking(justBefore, current, "looks at least 1s apart; the last two were 300 ms apart");
  }

  @Test
  void tasksThatJustStartedAreNotMeasured() {
    var inputs = new MappingInputs(ONE_KAFKA_INPUT, INTERVAL, TIMEOUT, START.plusSeconds(58), false, OptionalLong.empty(),
        OptionalLong.empty());

    var mapped = ObservationMapping.map(look(64, 3, 0, 0L, 0.0), Optional.of(look(60, 3, 0, 0L, 0.0)), inputs);

    assertTrue(mapped.observation().isEmpty());
    assertTrue(mapped.lacking().startsWith("the job to run at parallelism 3 for 10s"), mapped.lacking());
  }

  @Test
  void aJobThatDoesNotRunIsNotMeasured() {
    JobObservation restarting = new JobObservation(new JobSummary(Looks.JOB, "sluice/shop/orders",
        FlinkJobState.RESTARTING, START), OptionalLong.empty(), List.of(), Looks.CHECKPOINTED, Optional.empty(),
        START.plusSeconds(64));

    assertLacking(look(60, 3, 150, 1_000L, 0.5), restarting, "the job to run; it is RESTARTING");
  }

  @Test
  void aSaturatedJobWithAGrowingBacklogIsScaledUpFromTheMappedObservation() {
    JobObservation source = look(60, 2, 100, 1_000L, 1.0);
    Observation observation = map(source, look(75, 2, 100, 4_000L, 1.0));

    var decision = new Autoscaler(AutoscalerConfig.defaults(1, 12)).evaluate(observation, AutoscalerHistory.empty())
        .decision();

    assertEquals(ScalingDecision.Action.SCALE_UP, decision.action(), decision.reason());
    assertEquals(300, observation.arrivalRate(), 1e-9, "100 read + 3000 more waiting in 15s");
  }

  @Test
  void theRecordRateComesFromTheCounterBetweenTwoLooksNotFromTheMinuteAverage() {
    // 20 s after a start Flink's one-minute gauge reads 2000/s where the job read 6000/s: the
    // counter grew by 90000 in the 15 s between the looks.
    JobObservation before = counted(look(65, 3, 1_000, 5_000L, 1.0), 300_000);
    JobObservation current = counted(look(80, 3, 2_000, 5_000L, 1.0), 390_000);

    Observation observation = map(before, current);

    assertEquals(6_000, observation.throughput(), 1e-9);
    assertEquals(6_000, observation.sources().get(0).arrivalRate(), 1e-9);
  }

  @Test
  void gaugeRatesYoungerThanFlinksRateWindowAreNotDecidedOnButCountersAre() {
    // 20 s after a start: the one-minute gauge still counts the time before it.
    var inputs = new MappingInputs(ONE_KAFKA_INPUT, INTERVAL, TIMEOUT, START.plusSeconds(60), false, OptionalLong.empty(),
        OptionalLong.empty());
    var fromGauges = ObservationMapping.map(look(80, 3, 2_000, 5_000L, 1.0),
        Optional.of(look(65, 3, 1_000, 5_000L, 1.0)), inputs);
    var fromCounters = ObservationMapping.map(counted(look(80, 3, 2_000, 5_000L, 1.0), 390_000),
        Optional.of(counted(look(65, 3, 1_000, 5_000L, 1.0), 300_000)), inputs);

    assertTrue(fromGauges.observation().isEmpty());
    assertTrue(fromGauges.lacking().startsWith("rates that cover Flink's 1m rate window: the job has run at"
        + " parallelism 3 for 20s"), fromGauges.lacking());
    assertTrue(fromCounters.observation().isPresent(), fromCounters.lacking());
  }

  @Test
  void busyTimeComesFromTheCounterBetweenTwoLooksNotFromTheMinuteGauge() {
    // Seen on pods: after the load fell the one-minute gauge read the job 71 % busy for a look while
    // it read 4 records/s. Here it reads 60 % (the busiest subtask 90 %), and the counter says 10 %
    // busy between the looks; the busiest subtask's lead of a half carries over.
    JobObservation before = busyCounted(look(65, 2, 4, 0L, 0.9), 50_000);
    JobObservation current = busyCounted(look(80, 2, 4, 0L, 0.9), 51_500, 0.6, 0.9);

    VertexLoad source = map(before, current).vertices().get(0);

    assertEquals(0.1, source.averageBusy(), 1e-9);
    assertEquals(0.15, source.maxBusy(), 1e-9);
  }

  @Test
  void withoutABusyCounterAtBothLooksTheGaugeIsTheFallback() {
    JobObservation current = busyCounted(look(80, 2, 4, 0L, 0.9), 51_500);

    assertEquals(0.9, map(look(65, 2, 4, 0L, 0.9), current).vertices().get(0).averageBusy(), 1e-9);
    assertEquals(0.9, map(busyCounted(look(65, 2, 4, 0L, 0.9), 60_000), current).vertices().get(0).averageBusy(),
        1e-9, "a counter lower than the look before's belongs to restarted tasks");
  }

  @Test
  void withoutACounterTheGaugeIsTheFallback() {
    Observation observation = map(look(65, 3, 1_000, 5_000L, 1.0),
        counted(look(80, 3, 2_000, 5_000L, 1.0), 390_000));

    assertEquals(2_000, observation.throughput(), 1e-9);
  }

  /** The look with every vertex's records counter at {@code count}. */
  private static JobObservation counted(JobObservation look, long count) {
    List<VertexMetrics> vertices = look.vertices().stream()
        .map(v -> new VertexMetrics(v.vertex(), v.averageBusyTimeMsPerSecond(), v.maxBusyTimeMsPerSecond(),
            v.recordsInPerSecond(), v.recordsOutPerSecond(), v.pendingRecords(), OptionalLong.of(count),
            v.busyTimeMsCount()))
        .toList();
    return new JobObservation(look.job(), look.restarts(), vertices, look.checkpoints(), look.latestFailure(),
        look.observedAt());
  }

  /** The look with every vertex's busy-time counter at {@code millis}. */
  private static JobObservation busyCounted(JobObservation look, double millis) {
    return busyCounted(look, millis, look.vertices().get(0).averageBusyTimeMsPerSecond().orElseThrow() / 1000,
        look.vertices().get(0).maxBusyTimeMsPerSecond().orElseThrow() / 1000);
  }

  /** The look with every vertex's busy-time counter at {@code millis} and its gauges at the fractions given. */
  private static JobObservation busyCounted(JobObservation look, double millis, double averageGauge, double maxGauge) {
    List<VertexMetrics> vertices = look.vertices().stream()
        .map(v -> new VertexMetrics(v.vertex(), OptionalDouble.of(averageGauge * 1000), OptionalDouble.of(maxGauge * 1000),
            v.recordsInPerSecond(), v.recordsOutPerSecond(), v.pendingRecords(), v.recordsInCount(),
            OptionalDouble.of(millis)))
        .toList();
    return new JobObservation(look.job(), look.restarts(), vertices, look.checkpoints(), look.latestFailure(),
        look.observedAt());
  }

  private static Observation map(JobObservation before, JobObservation current) {
    var inputs = new MappingInputs(ONE_KAFKA_INPUT, INTERVAL, TIMEOUT, START, false, OptionalLong.empty(), OptionalLong.empty());
    var mapped = ObservationMapping.map(current, Optional.of(before), inputs);
    return mapped.observation().orElseThrow(() -> new AssertionError("lacks " + mapped.lacking()));
  }

  private static void assertLacking(JobObservation before, JobObservation current, String lacking) {
    var inputs = new MappingInputs(ONE_KAFKA_INPUT, INTERVAL, TIMEOUT, START, false, OptionalLong.empty(), OptionalLong.empty());
    var mapped = ObservationMapping.map(current, Optional.ofNullable(before), inputs);
    assertTrue(mapped.observation().isEmpty(), "expected a hold for lack of " + lacking);
    assertTrue(mapped.lacking().startsWith(lacking), mapped.lacking());
  }
}
