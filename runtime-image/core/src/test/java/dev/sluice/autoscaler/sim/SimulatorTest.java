package dev.sluice.autoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.autoscaler.Observation;
import dev.sluice.autoscaler.Rescale;
import dev.sluice.autoscaler.ScalingDecision;
import dev.sluice.observation.CheckpointStats;
import dev.sluice.observation.VertexMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimulatorTest {

  @Test
  void theSameTraceAndPolicyGiveTheSameRun() {
    SimulationRun first = Simulator.run(Traces.step(), AutoscalerBenchmark.sluice());
    SimulationRun second = Simulator.run(Traces.step(), AutoscalerBenchmark.sluice());

    assertEquals(first, second);
    assertTrue(first.rescales().size() > 0, "the step should make Sluice rescale");
  }

  @Test
  void aParallelismThatDoesNotDivideThePartitionsFallsBehindFirst() {
    // 13000/s over 48 partitions: 16 subtasks read 3 partitions each (813/s), but with 14 some
    // read 4 (1083/s) and cannot keep up, although 14 subtasks could do 14000/s in total.
    assertTrue(lagAfter(100, 14, 13_000) > 40_000);
    assertTrue(lagAfter(100, 16, 13_000) < 1);
  }

  private static double lagAfter(int seconds, int parallelism, double rate) {
    PartitionedJob job = new PartitionedJob(48, parallelism, 1000);
    double[] shares = new double[48];
    Arrays.fill(shares, 1.0 / 48);
    for (int second = 0; second < seconds; second++) {
      job.arrive(rate, shares);
      job.process(1);
    }
    return job.lag();
  }

  @Test
  void aRestoreReplaysEverythingReadSinceTheCheckpoint() {
    PartitionedJob job = new PartitionedJob(4, 2, 1000);
    double[] shares = {0.25, 0.25, 0.25, 0.25};
    job.arrive(1000, shares);
    double[] checkpoint = job.offsets();
    job.process(1);
    job.arrive(1000, shares);
    job.process(1);

    assertEquals(2000, job.restore(checkpoint), 1e-9);
    assertEquals(2000, job.lag(), 1e-9);
  }

  @Test
  void aJobFailureReplaysFromTheLatestCheckpointAndProcessesNothingWhileDown() {
    Trace trace = Traces.failureNearCapacity();
    SimulationRun run = Simulator.run(trace, new FixedPolicy());
    Trace.JobFailure failure = trace.failures().get(0);
    int back = (int) (failure.at() + failure.downtime().toSeconds());
    double arrivals = trace.arrivalRate().at(back);

    assertTrue(run.replayedRecords() > 0);
    assertEquals(arrivals, lagGrowth(run, back - 1), 1e-6);
    assertEquals(arrivals - 4 * Traces.SUBTASK_CAPACITY, lagGrowth(run, back), 1e-6);
  }

  private static double lagGrowth(SimulationRun run, int second) {
    return run.timeline().get(second).lag() - run.timeline().get(second - 1).lag();
  }

  @Test
  void checkpointsSlowDownUnderBackPressureAndFailDuringAnOutage() {
    Observation healthy = observe(Traces.spike(), 29 * 60);
    Observation backPressured = observe(Traces.spike(), 34 * 60);
    Observation outage = observe(Traces.checkpointFailuresInSpike(), 35 * 60);

    assertEquals(Duration.ofSeconds(2), healthy.checkpoints().lastDuration().orElseThrow());
    assertTrue(backPressured.checkpoints().lastDuration().orElseThrow()
        .compareTo(Duration.ofSeconds(24)) >= 0);
    assertTrue(outage.checkpoints().failuresInRow() >= 10);
    assertTrue(outage.checkpoints().age().orElseThrow().compareTo(Duration.ofMinutes(8)) > 0);
  }

  @Test
  void flinksMinuteRatesReadLowAfterARestartWhileBusyTimeDoesNot() {
    // What a pod showed: right after a rescale a subtask looked several times slower than it is.
    Observation gauges = afterRescale(MetricsReporter.Readings.GAUGES);
    Observation counters = afterRescale(MetricsReporter.Readings.RECORD_COUNTERS);

    assertTrue(subtaskRate(gauges) < 0.3 * Traces.SUBTASK_CAPACITY, gauges.toString());
    assertEquals(Traces.SUBTASK_CAPACITY, subtaskRate(counters), 1e-6);
  }

  @Test
  void aLookReadsTheMetricsTheLookBeforeFetchedAndNoneBeforeTheFirstFetch() {
    // 15 s at 100 rec/s and 5 % busy with 3000 records waiting, then 15 s at 2000 rec/s fully busy
    // while the backlog doubles.
    PartitionedJob job = new PartitionedJob(4, 2, 1000);
    MetricsReporter fetchedEveryTenSeconds =
        new MetricsReporter(4, new FlinkReporting(FlinkReporting.FLINK_DEFAULT_FETCH_INTERVAL, 0, true));
    MetricsReporter immediate = new MetricsReporter(4, FlinkReporting.IMMEDIATE);
    job.arrive(3000, new double[] {0.25, 0.25, 0.25, 0.25});
    run(15, new PartitionedJob.Tick(100, 0.05, 0.05), fetchedEveryTenSeconds, immediate);
    VertexMetrics first = lookAt(15, fetchedEveryTenSeconds, job);
    job.arrive(3000, new double[] {0.25, 0.25, 0.25, 0.25});
    run(15, new PartitionedJob.Tick(2000, 1, 1), fetchedEveryTenSeconds, immediate);
    lookAt(15, immediate, job);
    VertexMetrics second = lookAt(30, fetchedEveryTenSeconds, job);
    VertexMetrics current = lookAt(30, immediate, job);

    assertTrue(first.pendingRecords().isEmpty() && first.recordsInCount().isEmpty()
        && first.maxBusyTimeMsPerSecond().isEmpty(), first.toString());
    assertEquals(1500, second.recordsInCount().orElseThrow());
    assertEquals(3000, second.pendingRecords().orElseThrow());
    assertEquals(50, second.averageBusyTimeMsPerSecond().orElseThrow(), 1e-9);
    assertEquals(750, second.busyTimeMsCount().orElseThrow(), 1e-9);
    assertEquals(1500 + 30_000, current.recordsInCount().orElseThrow());
    assertEquals(6000, current.pendingRecords().orElseThrow());
    // Busy time is a gauge over the last minute, here the 30 s since the start; the counter between
    // the two looks gives the last 15 s alone: 15 000 ms busy.
    assertEquals((15 * 50 + 15 * 1000) / 30.0, current.averageBusyTimeMsPerSecond().orElseThrow(), 1e-9);
    assertEquals(750 + 15_000, current.busyTimeMsCount().orElseThrow(), 1e-9);
  }

  @Test
  void theOperatorDecidesAtItsSecondLookAtAJobAndAtTheThirdAfterARestart() {
    // Step trace: a look every 15 s, 60 s from a rescale to running at the new parallelism.
    List<Long> asked = new ArrayList<>();
    Simulator.run(Traces.step(), new PolicyUnderTest() {
      @Override
      public String name() {
        return "rescale-at-first";
      }

      @Override
      public MetricsReporter.Readings readings() {
        return MetricsReporter.Readings.OPERATOR;
      }

      @Override
      public ScalingDecision decide(Observation observation) {
        asked.add(observation.time().getEpochSecond() - Simulator.at(0).getEpochSecond());
        return asked.size() == 1 ? ScalingDecision.rescale(4, 8, "once")
            : ScalingDecision.hold(observation.parallelism(), "recording");
      }
    });

    // The look at 15 s has none to compare with. The rescale at 30 s runs from 90 s: the look at
    // 90 s sees tasks that have reported nothing yet, so the one at 105 s lacks the backlog before.
    assertEquals(List.of(30L, 120L), asked.subList(0, 2));
  }

  /** Scales 4 → 8 at the first look at or after {@code at} seconds, waiting for a checkpoint or not. */
  private static PolicyUnderTest scaleUpOnceFrom(long at, boolean waitsForCheckpoint) {
    return scaleUpOnceFrom(at, waitsForCheckpoint, false);
  }

  /** As {@link #scaleUpOnceFrom(long, boolean)}, asking for the checkpoint it waits for or not. */
  private static PolicyUnderTest scaleUpOnceFrom(long at, boolean waitsForCheckpoint, boolean asksForCheckpoint) {
    return rescaleOnceFrom(at, 8, waitsForCheckpoint, asksForCheckpoint, false);
  }

  /** A policy that rescales to {@code target} at its first look from second {@code at} on. */
  private static PolicyUnderTest rescaleOnceFrom(long at, int target, boolean waitsForCheckpoint,
      boolean asksForCheckpoint, boolean checkpointsBeforeScaleDown) {
    return new PolicyUnderTest() {
      private boolean done;

      @Override
      public String name() {
        return "rescale-once";
      }

      @Override
      public ScalingDecision decide(Observation observation) {
        long second = observation.time().getEpochSecond() - Simulator.at(0).getEpochSecond();
        if (done || second < at) {
          return ScalingDecision.hold(observation.parallelism(), "waiting");
        }
        done = true;
        return ScalingDecision.rescale(observation.parallelism(), target, "once");
      }

      @Override
      public boolean waitsForCheckpoint(boolean up) {
        return waitsForCheckpoint;
      }

      @Override
      public boolean asksForRescaleCheckpoint() {
        return asksForCheckpoint;
      }

      @Override
      public boolean checkpointsBeforeScaleDown() {
        return checkpointsBeforeScaleDown;
      }
    };
  }

  @Test
  void aScaleDownAfterTheCheckpointAskedForReplaysOnlyWhatWasReadWhileItWasTaken() {
    // 2000/s on 4 subtasks, a checkpoint every 30 s that takes 2 s; the decision at 15 s.
    SimulationRun atOnce = Simulator.run(Traces.step(), rescaleOnceFrom(15, 2, false, false, false));
    SimulationRun checkpointed = Simulator.run(Traces.step(), rescaleOnceFrom(15, 2, false, false, true));

    // At once: back to the checkpoint at the start, 15 s of reading replayed.
    assertEquals(30_000, atOnce.replayedRecords(), 1);
    // Checkpointed: the task managers stay until the checkpoint triggered at 15 s completes at 17 s.
    assertEquals(4, checkpointed.timeline().get(16).parallelism());
    assertEquals(2, checkpointed.timeline().get(18).parallelism());
    assertTrue(checkpointed.replayedRecords() <= 2 * 2000 + 1, "replayed " + checkpointed.replayedRecords());
    assertEquals(List.of(new Rescale(Simulator.at(15), 4, 2)), checkpointed.rescales());
  }

  @Test
  void aScaleDownWhoseCheckpointFailsGoesAheadWithoutIt() {
    // Checkpoint storage fails from 27m to 36m; the decision at 30m, the checkpoint asked for fails at 30m2s.
    long decided = 30 * 60;
    SimulationRun run = Simulator.run(Traces.checkpointFailuresInSpike(),
        rescaleOnceFrom(decided, 2, false, false, true));

    assertEquals(4, run.timeline().get((int) decided + 1).parallelism());
    assertEquals(2, run.timeline().get((int) decided + 3).parallelism());
  }

  @Test
  void aScaleUpThatWaitsForACheckpointRestoresTheOneJustCompleted() {
    // 2000/s on 4 subtasks, a checkpoint every 30 s that takes 2 s; the decision at 15 s.
    SimulationRun atOnce = Simulator.run(Traces.step(), scaleUpOnceFrom(15, false));
    SimulationRun aligned = Simulator.run(Traces.step(), scaleUpOnceFrom(15, true));

    // At once: back to the start, 15 s of reading replayed.
    assertEquals(30_000, atOnce.replayedRecords(), 1);
    assertEquals(8, atOnce.timeline().get(15).parallelism());
    // Aligned: the job runs on at 4 until the checkpoint triggered at 30 s completes at 32 s, and
    // replays only what it read while that checkpoint was taken.
    assertEquals(4, aligned.timeline().get(31).parallelism());
    assertEquals(8, aligned.timeline().get(33).parallelism());
    assertTrue(aligned.replayedRecords() <= 2 * 2000 + 1, "replayed " + aligned.replayedRecords());
    assertEquals(1, aligned.rescales().size());
    assertEquals(Simulator.at(15), aligned.rescales().get(0).at(), "stamped when it was decided");
  }

  @Test
  void aCheckpointCompletingWhileTheNewTaskManagersStabiliseDoesNotStartTheRescale() {
    // A checkpoint every 30 s that takes 2 s; the decision at 60 s, as one is triggered.
    SimulationRun waits = Simulator.run(Traces.step(), scaleUpOnceFrom(60, true));

    // The one triggered at 60 s completes at 62 s, within Flink's 10 s of stabilisation: the
    // rescale waits for the one triggered at 90 s.
    assertEquals(4, waits.timeline().get(63).parallelism());
    assertEquals(4, waits.timeline().get(91).parallelism());
    assertEquals(8, waits.timeline().get(93).parallelism());
  }

  @Test
  void aPolicyThatAsksForTheCheckpointRescalesAsTheStabilisationEnds() {
    SimulationRun asks = Simulator.run(Traces.step(), scaleUpOnceFrom(60, true, true));

    // Asked for at 70 s, when the stabilisation ends and no checkpoint is in flight; done at 72 s.
    assertEquals(4, asks.timeline().get(71).parallelism());
    assertEquals(8, asks.timeline().get(73).parallelism());
    assertTrue(asks.replayedRecords() <= 2 * 2000 + 1, "replayed " + asks.replayedRecords());
  }

  @Test
  void aScaleUpWaitingForACheckpointGoesAheadAfterTwoFail() {
    // Checkpoint storage fails from 27m to 36m; the decision at 27m15s.
    long decided = 27 * 60 + 15;
    SimulationRun run = Simulator.run(Traces.checkpointFailuresInSpike(), scaleUpOnceFrom(decided, true));

    int rescaledAt = -1;
    for (SimulationRun.Sample sample : run.timeline()) {
      if (sample.parallelism() == 8) {
        rescaledAt = (int) sample.second();
        break;
      }
    }
    // The checkpoints triggered at 27m30s and 28m fail 2 s later: the rescale follows the second
    // failure, before the three intervals' bound and long before the outage ends.
    assertEquals(28 * 60 + 2, rescaledAt);
  }

  @Test
  void theConsumerGroupsLagByWhatWasReadSinceTheCheckpointsTriggerTime() {
    // 100 rec/s read as they arrive, a checkpoint every 10 s that takes a second.
    PartitionedJob job = new PartitionedJob(1, 1, 1000);
    CheckpointSimulator checkpoints = new CheckpointSimulator(new CheckpointBehaviour(Duration.ofSeconds(10),
        Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(10), List.of()), job.offsets());
    for (long second = 0; second < 25; second++) {
      job.arrive(100, new double[] {1});
      checkpoints.tick(second, job.process(1).saturated(), job);
      long now = second + 1;
      double sinceTrigger = Duration.between(checkpoints.stats().latestCompleted().orElseThrow().triggerTime(),
          Simulator.at(now)).toSeconds();

      assertEquals(100 * sinceTrigger, checkpoints.committedLag(job), 1e-6, "at " + now);
    }
  }

  private static void run(int seconds, PartitionedJob.Tick tick, MetricsReporter... reporters) {
    for (int second = 0; second < seconds; second++) {
      for (MetricsReporter reporter : reporters) {
        reporter.add(tick.processed(), Optional.of(tick));
      }
    }
  }

  private static VertexMetrics lookAt(long second, MetricsReporter reporter, PartitionedJob job) {
    CheckpointStats none = new CheckpointStats(0, Optional.empty(), Optional.empty(), 0, Optional.empty(), 0);
    return reporter.look(Simulator.at(second), true, job, none).vertices().get(0);
  }

  @Test
  void busyTimeSpentOnOtherWorkMakesASubtaskLookSlowerAtRestThanFlatOut() {
    // A sink of 4 ms a record whose subtask spends 23 % of every second on other work.
    PartitionedJob job = new PartitionedJob(1, 1, 250, 0.23);
    double[] all = {1};
    job.arrive(10, all);
    PartitionedJob.Tick atRest = job.process(1);
    job.arrive(1000, all);
    PartitionedJob.Tick flatOut = job.process(1);

    assertEquals(10 / 0.27, atRest.processed() / atRest.averageBusy(), 1e-9);
    assertEquals(0.77 * 250, flatOut.processed(), 1e-9);
    assertTrue(flatOut.saturated());
  }

  /** Records per second one subtask does fully busy, as rate / busy time estimates it. */
  private static double subtaskRate(Observation observation) {
    return observation.throughput() / observation.parallelism()
        / observation.vertices().get(0).averageBusy();
  }

  /** What a policy reading {@code readings} sees 15 s after its rescale 4 → 8 took effect. */
  private static Observation afterRescale(MetricsReporter.Readings readings) {
    Observation[] seen = new Observation[1];
    long rescaleAt = 600;
    long seenAt = rescaleAt + Traces.step().rescaleDowntime().toSeconds() + 15;
    Simulator.run(Traces.step(), new PolicyUnderTest() {
      @Override
      public String name() {
        return "rescale-once";
      }

      @Override
      public MetricsReporter.Readings readings() {
        return readings;
      }

      @Override
      public ScalingDecision decide(Observation observation) {
        long second = observation.time().getEpochSecond() - Simulator.at(0).getEpochSecond();
        if (second == seenAt) {
          seen[0] = observation;
        }
        return second == rescaleAt ? ScalingDecision.rescale(4, 8, "once")
            : ScalingDecision.hold(observation.parallelism(), "recording");
      }
    });
    return seen[0];
  }

  /** The observation a policy that never scales gets at {@code second} of a trace. */
  private static Observation observe(Trace trace, long second) {
    Observation[] seen = new Observation[1];
    Simulator.run(trace, new PolicyUnderTest() {
      @Override
      public String name() {
        return "recorder";
      }

      @Override
      public ScalingDecision decide(Observation observation) {
        if (observation.time().equals(Simulator.at(second))) {
          seen[0] = observation;
        }
        return ScalingDecision.hold(observation.parallelism(), "recording");
      }
    });
    return seen[0];
  }
}
