package dev.sluice.autoscaler.sim;

import dev.sluice.autoscaler.AutoscalerConfig;
import dev.sluice.autoscaler.Rescale;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The load of a test that runs the autoscaler on real Flink, put on the simulator with the same
 * settings and the rescale downtime measured there, so that the simulator's prediction can be set
 * beside what the test prints (docs/autoscaler.md, simulator fidelity). The load is a base rate
 * with extra records arriving for a while; a subtask handles a fixed number of records a second.
 *
 * @param extraRecords the records that arrive on top of the base rate, spread evenly over {@code extraFor}
 * @param extraFrom second of the run at which the extra load starts
 * @param extraFor how many seconds it lasts
 * @param drainedLag the lag, in records, under which the test counts the extra load as worked off
 * @param reporting how that job reported itself: its metric fetcher's interval and the busy time
 *     its subtasks spent on other work than records, as measured there
 */
record RealRunShape(String name, String summary, double baseRate, double extraRecords, long extraFrom, long extraFor,
    int partitions, int maxParallelism, double subtaskCapacity, Duration checkpointInterval,
    Duration observeEvery, Duration catchUpTime, Duration stabilisation, Duration rescaleDowntime,
    double drainedLag, FlinkReporting reporting) {

  /**
   * SpikeScalingTest on a MiniCluster (operator module), as run on 5 Dec 01:43 with the operator's
   * every look logged: 40 records/s, 600/s for 60 s from 25 s, four partitions, 250 records/s a
   * subtask (4 ms a record), checkpoints and looks every 2 s (compared 10 s apart), parallelism 1
   * to 4, catch-up 45 s (half its 90 s freshness objective), stabilisation and cooldown 30 s, and
   * the 2 s from decision to Flink running at the new parallelism measured there. The MiniCluster's
   * metric fetcher runs every 500 ms (FlinkTestCluster). No constant busy overhead: at rest the
   * subtasks read 194 to 250 records/s fully busy once settled (at parallelism 1 before the spike
   * even more, 849 to 900); for about 70 s after the rescale they read 20 (docs/autoscaler.md,
   * simulator fidelity), which this model does not have.
   */
  static final RealRunShape SPIKE_SCALING_TEST = new RealRunShape("spike-scaling-test",
      "40/s, 600/s for 60s from 25s, 4 partitions", 40, 560 * 60, 25, 60, 4, 4, 250, Duration.ofSeconds(2),
      Duration.ofSeconds(2), Duration.ofSeconds(45), Duration.ofSeconds(30), Duration.ofSeconds(2), 40,
      new FlinkReporting(Duration.ofMillis(500), 0, false));

  /**
   * The autoscaling scenario of KafkaToKafkaE2E on real pods: 4 payments/s, then 300/s for two
   * minutes from 10 s, two partitions, a sink that waits 10 ms for each large payment (half of
   * them), so 200 payments/s a subtask; checkpoints every 5 s, the operator's look every 15 s,
   * parallelism 1 to 2 (one slot a task manager pod), catch-up, stabilisation and cooldown 30 s,
   * and the 32 s from the decision to the job running on the new pod measured there (docs/e2e.md).
   * The simulator stops the job for all of that time, where pods keep it running at the old
   * parallelism until the new task manager joins and then restart it in about 2 s: the two
   * downtimes bound what pods can do ({@link #withRescaleDowntime}). The job manager fetches metrics
   * at Flink's default interval, 10 s (Sluice does not set it). At rest (2 payments/s a subtask,
   * 1 % busy with them) a subtask looked able to do 64 to 74 a second: about 3 % busy, so 2 % of
   * every second went to other work.
   */
  static final RealRunShape E2E_OVERLOAD = new RealRunShape("e2e-overload",
      "4/s, 300/s for 2m from 10s, 2 partitions", 4, 296 * 120, 10, 120, 2, 2, 200, Duration.ofSeconds(5),
      Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(32), 100,
      new FlinkReporting(FlinkReporting.FLINK_DEFAULT_FETCH_INTERVAL, 0.02, false));

  /** How long pods stopped the job to rescale it once the new task manager had joined (docs/e2e.md). */
  static final Duration POD_RESTART = Duration.ofSeconds(2);

  RealRunShape withRescaleDowntime(Duration downtime) {
    return new RealRunShape(name, summary, baseRate, extraRecords, extraFrom, extraFor, partitions, maxParallelism,
        subtaskCapacity, checkpointInterval, observeEvery, catchUpTime, stabilisation, downtime, drainedLag, reporting);
  }

  /** The same shape reported as {@code value} says, e.g. as immediately as the twelve traces are. */
  RealRunShape withReporting(FlinkReporting value) {
    return new RealRunShape(name, summary, baseRate, extraRecords, extraFrom, extraFor, partitions, maxParallelism,
        subtaskCapacity, checkpointInterval, observeEvery, catchUpTime, stabilisation, rescaleDowntime, drainedLag,
        value);
  }

  Trace trace() {
    CheckpointBehaviour checkpoints = new CheckpointBehaviour(checkpointInterval, Duration.ofMinutes(10),
        Duration.ofSeconds(1), checkpointInterval, List.of());
    return new Trace(name, summary, Duration.ofMinutes(6), Duration.ofSeconds(extraFrom), partitions, 1,
        s -> subtaskCapacity, s -> s >= extraFrom && s < extraFrom + extraFor ? baseRate + extraRecords / extraFor : baseRate,
        Trace.SkewProfile.uniform(), checkpoints, List.of(), rescaleDowntime, drainedLag);
  }

  PolicyUnderTest sluice() {
    AutoscalerConfig defaults = AutoscalerConfig.defaults(1, maxParallelism);
    return new SluicePolicy(new AutoscalerConfig(true, 1, maxParallelism, 0.7, catchUpTime, stabilisation,
        stabilisation, defaults.maxFactor(), defaults.restartTime(), defaults.maxCheckpointAge(),
        defaults.checkpointFailureThreshold()));
  }

  /** One line: when the simulator scales up and down, to what, and when the lag is worked off. */
  String prediction() {
    SimulationRun run = Simulator.run(trace(), sluice(), observeEvery, reporting);
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s shape (downtime %ds, a look every %ds,"
        + " %s): ", name, rescaleDowntime.toSeconds(), observeEvery.toSeconds(), reporting.describe()));
    for (Rescale rescale : run.rescales()) {
      long second = rescale.at().getEpochSecond() - Simulator.at(0).getEpochSecond();
      long from = rescale.up() ? extraFrom : extraFrom + extraFor;
      line.append(String.format(Locale.ROOT, "%s at +%ds after the extra load %s; ", rescale,
          second - from, rescale.up() ? "started" : "ended"));
    }
    Scorecard card = Scorecard.of(trace(), run);
    line.append("a subtask's true rate as seen at them (rec/s): ").append(run.decisions().stream()
        .filter(d -> d.decision().targetParallelism() != d.decision().currentParallelism())
        .map(d -> String.format(Locale.ROOT, "%.0f", d.decision().numbers().orElseThrow().subtaskTrueRate()))
        .toList()).append("; ");
    return line.append(String.format(Locale.ROOT, "%d rescales, lag under %.0f records %s after"
        + " the extra load started", run.rescales().size(), drainedLag,
        card.recovery().map(d -> "+" + d.toSeconds() + "s").orElse("never"))).toString();
  }
}
