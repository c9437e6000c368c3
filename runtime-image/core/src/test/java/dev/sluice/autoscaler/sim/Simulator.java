package dev.sluice.autoscaler.sim;

import dev.sluice.autoscaler.CheckpointMetrics;
import dev.sluice.autoscaler.Observation;
import dev.sluice.autoscaler.Rescale;
import dev.sluice.autoscaler.RescaleCheckpoint;
import dev.sluice.autoscaler.ScaleDownCheckpoint;
import dev.sluice.autoscaler.ScalingDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a trace against a policy in one-second steps. Every {@link #REPORT_INTERVAL} the policy gets
 * an observation (for Sluice, only when its operator would make one of that look: {@link
 * OperatorLooks}) and its decision is applied: a rescale restores the latest completed checkpoint
 * (replaying everything read since), then processes nothing for the trace's rescale downtime; a
 * savepoint request is queued with the checkpoints. Rescales are only applied to a running job. A
 * rescale the policy says waits for a checkpoint ({@link PolicyUnderTest#waitsForCheckpoint})
 * happens once one completes after Flink's stabilisation ({@link RescaleCheckpoint#STABILIZATION}
 * after the decision, the new task managers taken to join at once, and {@link
 * RescaleCheckpoint#COOLDOWN} after the last restart), two fail or {@link
 * #RESCALE_MAX_DELAY_INTERVALS} checkpoint intervals pass, as Flink 2's adaptive scheduler does by
 * default; until then the job runs at the old parallelism, and a later decision replaces the
 * target. A policy whose operator asks for that checkpoint ({@link
 * PolicyUnderTest#asksForRescaleCheckpoint}) gets one as the stabilisation ends, unless one is in
 * flight. A policy whose operator checkpoints before a scale-down ({@link
 * PolicyUnderTest#checkpointsBeforeScaleDown}) asks for one at the decision and restarts the job
 * from it once it completes (or fails, or {@link ScaleDownCheckpoint#BOUND} passes); until then the
 * job runs at the old parallelism. A job failure of the trace restores
 * the latest completed checkpoint too, and processes nothing for the failure's downtime.
 * Deterministic: the same trace and policy give the same run.
 */
public final class Simulator {

  public static final Duration REPORT_INTERVAL = Duration.ofSeconds(15);
  /** Flink's rescale-trigger.max-delay: the interval times one more than the failures it waits for. */
  static final int RESCALE_MAX_DELAY_INTERVALS = 3;
  /** Flink's rescale-trigger.max-checkpoint-failures. */
  static final int RESCALE_AFTER_FAILED_CHECKPOINTS = 2;
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  /**
   * A rescale waiting for a checkpoint: one completing from {@code stabilisedAt} on lets it go ahead.
   * The failed checkpoints are counted from the decision.
   */
  private record PendingRescale(int target, long decidedAt, long stabilisedAt, int failedBefore,
      boolean checkpointAskedFor) {

    PendingRescale retargeted(int parallelism) {
      return new PendingRescale(parallelism, decidedAt, stabilisedAt, failedBefore, checkpointAskedFor);
    }

    PendingRescale askedForCheckpoint() {
      return new PendingRescale(target, decidedAt, stabilisedAt, failedBefore, true);
    }

    /** The rescale from {@code parallelism}, stamped when it was decided, as the policy's cooldown counts. */
    Rescale from(int parallelism) {
      return new Rescale(at(decidedAt), parallelism, target);
    }
  }

  /** A scale-down whose task managers stay until the checkpoint asked for at {@code decidedAt} is over. */
  private record PendingScaleDown(int target, long decidedAt, int failedBefore) {

    boolean checkpointOver(CheckpointSimulator checkpoints, long second) {
      return checkpoints.lastCompletedTriggeredAt() >= decidedAt || checkpoints.failed() > failedBefore
          || second + 1 - decidedAt >= ScaleDownCheckpoint.BOUND.toSeconds();
    }
  }

  private Simulator() {}

  public static SimulationRun run(Trace trace, PolicyUnderTest policy) {
    return run(trace, policy, REPORT_INTERVAL);
  }

  /** As {@link #run(Trace, PolicyUnderTest)}, observing every {@code reportInterval}. */
  public static SimulationRun run(Trace trace, PolicyUnderTest policy, Duration reportInterval) {
    return run(trace, policy, reportInterval, FlinkReporting.IMMEDIATE);
  }

  /** As {@link #run(Trace, PolicyUnderTest, Duration)}, with the job reporting as {@code reporting} says. */
  static SimulationRun run(Trace trace, PolicyUnderTest policy, Duration reportInterval,
      FlinkReporting reporting) {
    PartitionedJob job = new PartitionedJob(trace.partitions(), trace.initialParallelism(),
        trace.subtaskCapacity().at(0), reporting.busyOverhead());
    CheckpointSimulator checkpoints =
        new CheckpointSimulator(trace.checkpoints(), job.offsets());
    MetricsReporter reporter = new MetricsReporter(trace.partitions(), reporting);
    OperatorLooks operator = new OperatorLooks(trace.partitions());
    long reportEvery = reportInterval.toSeconds();
    long downtime = trace.rescaleDowntime().toSeconds();
    double[] shares = new double[trace.partitions()];
    List<SimulationRun.Sample> timeline = new ArrayList<>();
    List<Rescale> rescales = new ArrayList<>();
    List<SimulationRun.TimedDecision> decisions = new ArrayList<>();
    double parallelismSeconds = 0;
    double replayed = 0;
    long runningFrom = 0;
    Optional<PendingRescale> pending = Optional.empty();
    Optional<PendingScaleDown> shrinking = Optional.empty();
    long checkpointInterval = trace.checkpoints().interval().toSeconds();

    for (long second = 0; second < trace.length().toSeconds(); second++) {
      for (Trace.JobFailure failure : trace.failures()) {
        if (failure.at() == second && second >= runningFrom) {
          // The restart takes up every slot there is, those a pending rescale waits for too.
          pending.ifPresent(p -> rescales.add(p.from(job.parallelism())));
          // So do a scale-down's task managers going with the failure.
          int from = job.parallelism();
          shrinking.ifPresent(s -> rescales.add(new Rescale(at(s.decidedAt()), from, s.target())));
          int parallelism = pending.map(PendingRescale::target)
              .orElse(shrinking.map(PendingScaleDown::target).orElse(job.parallelism()));
          pending = Optional.empty();
          shrinking = Optional.empty();
          runningFrom = second + failure.downtime().toSeconds();
          replayed += restart(job, checkpoints, parallelism, runningFrom);
        }
      }
      double arriving = trace.arrivalRate().at(second);
      trace.skew().shares(second, shares);
      job.arrive(arriving, shares);
      job.capacity(trace.subtaskCapacity().at(second));
      Optional<PartitionedJob.Tick> tick = Optional.empty();
      if (second >= runningFrom) {
        if (pending.isPresent() && policy.asksForRescaleCheckpoint() && !pending.get().checkpointAskedFor()
            && second >= pending.get().stabilisedAt() && !checkpoints.inFlight()) {
          checkpoints.requestCheckpoint();
          pending = Optional.of(pending.get().askedForCheckpoint());
        }
        tick = Optional.of(job.process(1));
        checkpoints.tick(second, tick.get().saturated(), job);
        if (pending.isPresent() && checkpointAllows(pending.get(), checkpoints, second, checkpointInterval)) {
          rescales.add(pending.get().from(job.parallelism()));
          runningFrom = second + 1 + downtime;
          replayed += restart(job, checkpoints, pending.get().target(), runningFrom);
          pending = Optional.empty();
        }
        if (shrinking.isPresent() && shrinking.get().checkpointOver(checkpoints, second)) {
          rescales.add(new Rescale(at(shrinking.get().decidedAt()), job.parallelism(), shrinking.get().target()));
          runningFrom = second + 1 + downtime;
          replayed += restart(job, checkpoints, shrinking.get().target(), runningFrom);
          shrinking = Optional.empty();
        }
      }
      reporter.add(arriving, tick);
      parallelismSeconds += job.parallelism();
      timeline.add(new SimulationRun.Sample(second, job.lag(), job.parallelism()));

      long now = second + 1;
      if (now % reportEvery != 0) {
        continue;
      }
      boolean running = now >= runningFrom;
      CheckpointMetrics checkpointMetrics = checkpoints.metrics(now);
      Optional<Observation> observation = policy.readings() == MetricsReporter.Readings.OPERATOR
          ? operator.observe(reporter.look(at(now), running, job, checkpoints.stats()), checkpointMetrics,
              checkpoints.committedLag(job))
          : Optional.of(reporter.observe(at(now), running ? Optional.of(at(runningFrom)) : Optional.empty(), job,
              checkpointMetrics, policy.readings()));
      if (observation.isEmpty()) {
        continue;
      }
      ScalingDecision decision = policy.decide(observation.get());
      decisions.add(new SimulationRun.TimedDecision(now, decision));
      if (decision.action() == ScalingDecision.Action.TRIGGER_SAVEPOINT) {
        checkpoints.requestSavepoint();
      } else if (decision.targetParallelism() == decision.currentParallelism() || !running) {
        continue;
      } else if (policy.waitsForCheckpoint(decision.targetParallelism() > job.parallelism())) {
        shrinking = Optional.empty();
        pending = Optional.of(pending.isPresent() ? pending.get().retargeted(decision.targetParallelism())
            : new PendingRescale(decision.targetParallelism(), now, Math.max(
                now + RescaleCheckpoint.STABILIZATION.toSeconds(), runningFrom + RescaleCheckpoint.COOLDOWN.toSeconds()),
                checkpoints.failed(), false));
      } else if (policy.checkpointsBeforeScaleDown() && decision.targetParallelism() < job.parallelism()) {
        pending = Optional.empty();
        shrinking = Optional.of(new PendingScaleDown(decision.targetParallelism(), now, checkpoints.failed()));
        checkpoints.requestCheckpoint();
      } else {
        pending = Optional.empty();
        shrinking = Optional.empty();
        rescales.add(new Rescale(at(now), job.parallelism(), decision.targetParallelism()));
        runningFrom = now + downtime;
        replayed += restart(job, checkpoints, decision.targetParallelism(), runningFrom);
      }
    }
    return new SimulationRun(trace.name(), policy.name(), timeline, rescales, decisions,
        parallelismSeconds, replayed);
  }

  /**
   * Restarts the job at {@code parallelism} from the latest completed checkpoint, running again from
   * {@code runningFrom}; returns the records it reads again.
   */
  private static double restart(PartitionedJob job, CheckpointSimulator checkpoints, int parallelism,
      long runningFrom) {
    double replayed = job.restore(checkpoints.restoreOffsets());
    job.rescale(parallelism);
    checkpoints.restartAt(runningFrom);
    return replayed;
  }

  /** Whether the checkpoints let a pending rescale happen at the end of {@code second}. */
  private static boolean checkpointAllows(PendingRescale pending, CheckpointSimulator checkpoints, long second,
      long checkpointInterval) {
    return checkpoints.lastCompletedAt() >= pending.stabilisedAt()
        || checkpoints.failed() - pending.failedBefore() >= RESCALE_AFTER_FAILED_CHECKPOINTS
        || second + 1 - pending.decidedAt() >= RESCALE_MAX_DELAY_INTERVALS * checkpointInterval;
  }

  /** The simulated wall-clock time of a second of the trace. */
  public static Instant at(long second) {
    return START.plusSeconds(second);
  }
}
