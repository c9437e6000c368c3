package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.HumanFormat.duration;
import static dev.sluice.autoscaler.HumanFormat.number;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Sluice's autoscaler: a pure function from one observation and the history kept so far to a
 * decision and the history to keep. Call it every reporting interval with a fresh observation.
 *
 * <p>Scale up as soon as the load needs more subtasks; scale down only after the stabilisation
 * window; size every rescale for the arrival rate plus the lag (including the backlog the restart
 * itself creates) over the catch-up time; round to a parallelism that splits the partitions evenly;
 * move at most the max factor per decision; refuse reversals inside the cooldown; and never rescale
 * from a checkpoint too old to restore from.
 */
public final class Autoscaler {

  /**
   * A busy fraction that means the vertex reads all it can: Flink reports busy time in whole
   * milliseconds per second, and a subtask with records waiting reports about 1000.
   */
  static final double FULLY_BUSY = 0.99;

  private final AutoscalerConfig config;
  private final Optional<String> budgetBurning;
  private final Optional<LagBound> lagBound;

  public Autoscaler(AutoscalerConfig config) {
    this(config, Optional.empty(), Optional.empty());
  }

  /**
   * @param budgetBurning an objective of the pipeline's that burns its error budget at the page
   *     rate: a scale-up the target utilisation calls for then goes ahead at once, without waiting
   *     until the job cannot keep up
   * @param lagBound the tightest bound in records an objective of the pipeline's sets on its lag:
   *     on rising arrivals, a scale-up the target utilisation calls for goes ahead at the last look
   *     whose restart fits within it
   */
  public Autoscaler(AutoscalerConfig config, Optional<String> budgetBurning, Optional<LagBound> lagBound) {
    this.config = Objects.requireNonNull(config);
    this.budgetBurning = Objects.requireNonNull(budgetBurning);
    this.lagBound = Objects.requireNonNull(lagBound);
  }

  /** A decision and the history to pass to the next evaluation. */
  public record Evaluation(ScalingDecision decision, AutoscalerHistory history) {}

  public Evaluation evaluate(Observation observation, AutoscalerHistory history) {
    if (!config.enabled()) {
      return unchanged(observation, "autoscaling is disabled (spec.autoscaler.enabled)", history);
    }
    if (!observation.running()) {
      return unchanged(observation, "the job is not running; nothing to measure", history);
    }
    Optional<String> pending = pendingRescale(observation, history);
    if (pending.isPresent()) {
      return unchanged(observation, pending.get(), history);
    }
    boolean blind = !observation.lagChecked() && observation.lag() == 0
        && observation.bottleneck().averageBusy() >= FULLY_BUSY;
    AutoscalerHistory seen = history.arrived(observation.time(), observation.arrivalRate(),
        Sizing.subtaskSecondsPerRecord(observation), blind);
    Optional<Sizing> sizing = Sizing.of(observation, config, catchUpLeft(observation, history),
        seen.sustainedArrival(), seen.sustainedCost());
    if (sizing.isEmpty()) {
      return unchanged(observation, "records are waiting but none were processed in the last"
          + " interval; no rate to size from", seen);
    }
    return decide(observation, seen, sizing.get());
  }

  private Evaluation decide(Observation observation, AutoscalerHistory history, Sizing sizing) {
    int current = observation.parallelism();
    int partitions = observation.sourcePartitions();
    // Busy time that already shows a fully busy job sizes it better than the floor slow checkpoints set.
    boolean backPressure = observation.bottleneck().averageBusy() < FULLY_BUSY
        && CheckpointGate.underProvisioned(observation, history.lastRescale(), config);
    // Slow checkpoints mean the job is at its limit: at least full utilisation's worth. So does a job
    // fully busy at two looks in a row while its sources report no backlog, unchecked, sized within the band.
    double floor = backPressure ? current / config.targetUtilisation()
        : history.blindTwice() ? current / Sizing.bandTop(config) : 0;
    boolean backlogUnknown = !backPressure && history.blindTwice();
    double required = Math.max(sizing.required(), floor);
    double requiredAfterRescale = Math.max(sizing.requiredAfterRescale(), floor);
    ParallelismBounds spec = ParallelismBounds.spec(config, partitions);
    // Scale up only when the job cannot keep up flat out, or rising arrivals will have it fully busy
    // by the time a rescale decided at the next look restores its checkpoint; the target
    // utilisation then sizes it.
    int wanted = spec.align(Math.max(sizing.keepUp(), floor), partitions);
    ArrivalTrend trend = history.trend(observation.runningSince().orElseThrow());
    Duration lead = restoreLead(observation, history);
    double rise = trend.rise(lead);
    boolean anticipated = wanted <= current && trend.rising()
        && sizing.keepUpWith(rise) > current * FULLY_BUSY;
    // With a bound in records, the target's scale-up waits no longer than a restart fits within it.
    int atTarget = spec.align(Math.max(sizing.requiredAfterRescale(), floor), partitions);
    Duration stopped = config.restartTime().plus(observation.checkpoints().lastDuration().orElse(Duration.ZERO));
    Optional<LagBound.LastFit> lastFit = wanted <= current && !anticipated && atTarget > current
        ? lagBound.flatMap(bound -> bound.lastLookThatFits(observation.lag(), history.sustainedArrival(), trend,
            lead, history.lookInterval().orElse(Duration.ZERO), stopped))
        : Optional.empty();
    // Round to the nearer divisor rather than always up, as long as it stays within the band.
    int recommended = spec.align(Math.max(sizing.requiredInBand(), floor), partitions);
    // A look that reads few records counts busy time spent on other work (a transactional sink's
    // commit at a checkpoint) as the records' cost; where the last minute's cost is lower, it sets
    // what the load allows at or below the current parallelism.
    double minuteCost = history.sustainedCost();
    int allowed = recommended > current || Double.isNaN(minuteCost) ? recommended : Math.min(recommended,
        spec.align(Math.max(sizing.requiredInBandAt(minuteCost), floor), partitions));
    String costNote = allowed < recommended ? "; at the last minute's cost of " + number(minuteCost * 1000)
        + " ms a record, not this look's " + number(Sizing.subtaskSecondsPerRecord(observation) * 1000)
        + " (busy time a look reading few records spends on other work), " + allowed + " carry it" : "";
    int skewSafe = SkewGuard.lowestSafe(observation, config.targetUtilisation());
    // A look at which the skew guard refuses any scale-down does not count as calling for less, so
    // a parallelism it refused at the old load is not scaled to the moment the load drops.
    AutoscalerHistory next = history.recommend(observation.time(),
        skewSafe >= current ? Math.max(allowed, current) : allowed,
        current, config.stabilisationWindow());
    String pressureNote = backPressure
        ? "; checkpoints take close to their interval: back pressure, counted as full utilisation"
        : backlogUnknown ? "; fully busy while the sources report no backlog: the backlog is"
            + " unknown, not zero, counted as full utilisation" : "";

    if (wanted > current || anticipated) {
      String why = sizing.explain(sizing.requiredAfterRescale(), true) + pressureNote
          + (anticipated ? anticipation(trend, lead, rise, sizing, current) : "")
          + roundedDown(sizing, recommended, spec, partitions);
      return scaleUp(observation, history, next, sizing, recommended, why);
    }
    next = next.scaleUpNotNeeded();
    if (lastFit.isPresent()) {
      String why = sizing.explain(sizing.requiredAfterRescale(), true) + pressureNote
          + lastFittingRestart(lastFit.get(), trend, stopped, atTarget);
      return scaleUp(observation, history, next, sizing, atTarget, why);
    }
    if (recommended > current && budgetBurning.isPresent()) {
      String why = sizing.explain(sizing.requiredAfterRescale(), true) + pressureNote
          + roundedDown(sizing, recommended, spec, partitions) + "; ServiceLevelObjective "
          + budgetBurning.get() + " burns its error budget at the page rate, so the scale-up does not wait"
          + " until the job cannot keep up";
      return scaleUp(observation, history, next, sizing, recommended, why);
    }
    if (recommended > current) {
      double cost = history.sustainedCost();
      String why = "keeps up: the last minute's arrivals (" + number(history.sustainedArrival())
          + " rec/s) and the lag over " + duration(sizing.catchUp()) + " need " + number(sizing.keepUp())
          + " of the " + current + " subtasks fully busy"
          + (Double.isNaN(cost) ? "" : ", at the last minute's cost of " + number(cost * 1000) + " ms a record")
          + "; now " + sizing.explain(sizing.required(), false) + "; the " + number(config.targetUtilisation() * 100) + "% target"
          + " would take " + recommended + ", but a rescale stops processing for "
          + duration(config.restartTime()) + ", so it waits until the job cannot keep up";
      return finish(ScalingDecision.hold(current, "holds at " + current + ": " + why),
          next, sizing, observation);
    }
    if (allowed == current) {
      String rounded = roundedDown(sizing, current, spec, partitions);
      String why = sizing.explain(sizing.requiredAfterRescale(), true)
          + (rounded.isEmpty()
              ? ", which " + rounding(sizing.requiredAfterRescale(), current, spec, partitions)
              : rounded) + pressureNote
          + (required > spec.highest() ? "; capped by " + spec.highestBecause() : "") + costNote;
      return finish(ScalingDecision.hold(current, "holds at " + current + ": " + why),
          next, sizing, observation);
    }
    String why = sizing.explain(sizing.requiredAfterRescale(), true)
        + roundedDown(sizing, recommended, spec, partitions) + costNote;
    if (skewSafe >= current) {
      return finish(ScalingDecision.hold(current, "load allows " + allowed + " but its busiest"
          + " subtask would be " + number(SkewGuard.busiestAt(observation, allowed) * 100)
          + "% busy there, above the " + number(config.targetUtilisation() * 100) + "% target a"
          + " scale-down may reach (partitions read as now): " + why), next, sizing, observation);
    }
    Optional<Integer> stabilised =
        Stabilisation.scaleDownTarget(next, observation.time(), config.stabilisationWindow());
    if (stabilised.isEmpty()) {
      Duration lowerFor = Duration.between(next.lowerSince().orElseThrow(), observation.time());
      return finish(ScalingDecision.hold(current, "scale-down to " + allowed + " waits for the "
          + duration(config.stabilisationWindow()) + " stabilisation window (load lower for "
          + duration(lowerFor) + "): " + why), next, sizing, observation);
    }
    int target = Math.max(stabilised.get(), skewSafe);
    // With a bound in records, a scale-down on falling arrivals waits until its restart fits.
    Optional<Double> restartBacklog = trend.falling()
        ? lagBound.flatMap(bound -> bound.brokenByRestartNow(observation.lag(), history.sustainedArrival(), stopped))
        : Optional.empty();
    if (restartBacklog.isPresent()) {
      return finish(ScalingDecision.hold(current, "scale-down to " + target + " waits while the arrivals fall by "
          + number(-trend.rise(Duration.ofMinutes(1))) + " rec/s a minute: a rescale stops reading for "
          + duration(stopped) + " (the restart and the checkpoint it restores), so one now would leave "
          + number(restartBacklog.get()) + " records waiting, above " + lagBound.orElseThrow().describe()
          + ", and a later one fewer: " + why), next, sizing, observation);
    }
    return rescale(observation, next, sizing, target, why + "; lower for the whole "
        + duration(config.stabilisationWindow()) + " stabilisation window");
  }

  /** A scale-up, unless the last one delivered too little to repeat it. */
  private Evaluation scaleUp(Observation observation, AutoscalerHistory history, AutoscalerHistory next,
      Sizing sizing, int recommended, String why) {
    int current = observation.parallelism();
    Optional<String> ineffective = Effectiveness.refusal(history, observation);
    if (ineffective.isPresent()) {
      return finish(ScalingDecision.hold(current, "stays at " + current + ": "
          + ineffective.get() + "; " + why), next, sizing, observation);
    }
    return rescale(observation, next, sizing, recommended, why);
  }

  /**
   * How far ahead of the last minute's average arrivals a rescale decided at the next look restores
   * its checkpoint: half the rate window (the average is the rate of half a minute ago), a look, up
   * to a checkpoint interval until the next checkpoint starts (Flink 2 starts a rescale onto new
   * slots when one completes), then that checkpoint's duration. Zero before two looks.
   */
  private static Duration restoreLead(Observation observation, AutoscalerHistory history) {
    CheckpointMetrics checkpoints = observation.checkpoints();
    return history.lookInterval()
        .map(look -> RateWindow.FLINK_RATE_WINDOW.dividedBy(2).plus(look).plus(checkpoints.interval())
            .plus(checkpoints.lastDuration().orElse(Duration.ZERO)))
        .orElse(Duration.ZERO);
  }

  /** Why a scale-up goes ahead while the job still keeps up: the rising arrivals. */
  private static String anticipation(
      ArrivalTrend trend, Duration lead, double rise, Sizing sizing, int current) {
    return "; the arrivals rise by " + number(trend.rise(Duration.ofMinutes(1))) + " rec/s a"
        + " minute (over the last " + duration(ArrivalTrend.WINDOW) + "): " + number(rise)
        + " rec/s more in " + duration(lead) + " would keep the " + current + " subtasks "
        + number(sizing.keepUpWith(rise) / current * 100) + "% busy, as good as fully busy; a"
        + " rescale decided at the next look would restore a checkpoint completing then (from the"
        + " last minute's average: half a minute, a look, a checkpoint interval and a checkpoint),"
        + " and a saturated job's checkpoints slow down under back pressure, so its restart would"
        + " replay more";
  }

  /** Why a scale-up the keep-up trigger would postpone goes ahead: its restart fits the bound only now. */
  private String lastFittingRestart(LagBound.LastFit fit, ArrivalTrend trend, Duration stopped, int atTarget) {
    return "; the " + number(config.targetUtilisation() * 100) + "% target would take " + atTarget
        + ", and the arrivals rise by " + number(trend.rise(Duration.ofMinutes(1))) + " rec/s a minute:"
        + " a rescale stops reading for " + duration(stopped) + " (the restart and the checkpoint it"
        + " restores), so one decided at the next look would leave " + number(fit.nextLook()) + " records"
        + " waiting, above " + fit.bound().describe() + ", and one decided now " + number(fit.now())
        + "; the scale-up does not wait until the job cannot keep up";
  }

  /** Says so when {@code parallelism} is the divisor below the target's, within the band. */
  private String roundedDown(Sizing sizing, int parallelism, ParallelismBounds spec, int partitions) {
    int atTarget = spec.align(sizing.requiredAfterRescale(), partitions);
    if (parallelism >= atTarget) {
      return "";
    }
    double busy = sizing.observation().arrivalRate() / (parallelism * sizing.subtaskTrueRate());
    double staleness = sizing.peakStalenessAfterRescale();
    String stale = sizing.demandAfterRescale() > parallelism * sizing.subtaskTrueRate()
        ? "; the oldest record will have waited " + duration(Duration.ofMillis(Math.round(staleness * 1000)))
            + " when the restart ends, within the " + duration(sizing.catchUp()) + " catch-up time, and"
            + " less from then on, so the lag need not clear within it"
        : "";
    return "; " + parallelism + " instead of " + atTarget + " run the arrivals at "
        + number(busy * 100) + "% busy, within the " + number(Sizing.bandTop(config) * 100)
        + "% halfway to fully busy" + stale;
  }

  /** How {@code required} subtasks became {@code parallelism}, in words. */
  private static String rounding(
      double required, int parallelism, ParallelismBounds spec, int partitions) {
    if (required <= spec.lowest() && parallelism == spec.lowest()) {
      return "spec.parallelism.min raises to " + parallelism;
    }
    return "rounds up to " + parallelism + ", the fewest subtasks that split the " + partitions
        + " partitions evenly";
  }

  /**
   * The catch-up time, or what is left of it when the checkpoint gate held a needed scale-up back:
   * the lag was due to be cleared a catch-up time after the scale-up was first needed, and a held
   * rescale must not start the clock again. Never below the restart time (nor a second).
   */
  private Duration catchUpLeft(Observation observation, AutoscalerHistory history) {
    if (history.scaleUpHeldSince().isEmpty()) {
      return config.catchUpTime();
    }
    Duration held = Duration.between(history.scaleUpHeldSince().get(), observation.time());
    Duration left = config.catchUpTime().minus(held);
    Duration floor = config.restartTime().isZero() ? Duration.ofSeconds(1) : config.restartTime();
    return left.compareTo(floor) < 0 ? floor : left;
  }

  /** Applies the max step, the cooldown and the checkpoint gate to a rescale towards {@code want}. */
  private Evaluation rescale(
      Observation observation, AutoscalerHistory next, Sizing sizing, int want, String why) {
    int current = observation.parallelism();
    int partitions = observation.sourcePartitions();
    ParallelismBounds step = ParallelismBounds.step(config, partitions, current);
    int target = step.align(want, partitions);
    String limit = target == want ? "" : "; this step may choose " + step.lowest() + ".."
        + step.highest() + " (the top set by " + step.highestBecause() + "), so " + target;
    if (target == current) {
      return finish(ScalingDecision.hold(current, "stays at " + current + ": " + why + limit),
          next, sizing, observation);
    }
    Rescale proposed = new Rescale(observation.time(), current, target);
    Optional<String> refusal =
        Cooldown.refusal(next.lastRescale(), proposed, config.cooldown(), observation);
    if (refusal.isPresent()) {
      return finish(ScalingDecision.hold(current, refusal.get() + ": " + why),
          next, sizing, observation);
    }
    Optional<ScalingDecision> gated = CheckpointGate.beforeRescale(observation, config, proposed);
    if (gated.isPresent()) {
      return finish(gated.get(), proposed.up() ? next.scaleUpHeld(observation.time()) : next,
          sizing, observation);
    }
    String reason = proposed + ": " + why + "; " + layout(target, partitions) + limit;
    Optional<AutoscalerHistory.Expectation> expected = proposed.up()
        ? Optional.of(new AutoscalerHistory.Expectation(observation.throughput(), Math.min(
            sizing.demandAfterRescale(), target * sizing.subtaskTrueRate())))
        : Optional.empty();
    return finish(ScalingDecision.rescale(current, target, reason),
        next.rescaled(proposed, expected), sizing, observation);
  }

  private Optional<String> pendingRescale(Observation observation, AutoscalerHistory history) {
    if (history.lastRescale().isEmpty()) {
      return Optional.empty();
    }
    Rescale last = history.lastRescale().get();
    boolean applied = observation.parallelism() == last.to()
        && !observation.runningSince().orElseThrow().isBefore(last.at());
    Duration waited = Duration.between(last.at(), observation.time());
    // After a cooldown without effect, decide from what is observed rather than wait forever.
    if (applied || waited.compareTo(config.cooldown()) >= 0) {
      return Optional.empty();
    }
    return Optional.of("waiting for the " + last + " decided " + duration(waited)
        + " ago to take effect");
  }

  private static String layout(int parallelism, int partitions) {
    int perSubtask = PartitionAlignment.partitionsPerSubtask(partitions, parallelism);
    return partitions % parallelism == 0
        ? "each subtask reads " + perSubtask + " of the " + partitions + " partitions"
        : "subtasks read up to " + perSubtask + " of the " + partitions + " partitions";
  }

  private Evaluation finish(ScalingDecision decision, AutoscalerHistory next, Sizing sizing,
      Observation observation) {
    boolean failing = CheckpointGate.failing(observation.checkpoints(), config);
    return new Evaluation(decision.withEvidence(
        sizing.numbers(observation.checkpoints(), decision.targetParallelism()), failing), next);
  }

  private Evaluation unchanged(Observation observation, String reason, AutoscalerHistory history) {
    boolean failing = CheckpointGate.failing(observation.checkpoints(), config);
    int current = observation.parallelism();
    return new Evaluation(new ScalingDecision(ScalingDecision.Action.HOLD, current, current, reason, Optional.empty(),
        failing), history);
  }
}
