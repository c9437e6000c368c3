package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.HumanFormat.duration;
import static dev.sluice.autoscaler.HumanFormat.number;

import java.time.Duration;
import java.util.Optional;

/**
 * The capacity arithmetic. The true rate of one subtask is the observed rate divided by the busy
 * fraction, at the busiest vertex. The job needs enough subtasks to
 *
 * <ul>
 *   <li>run the arrivals at the target utilisation: arrival rate / (true rate * utilisation), and
 *   <li>clear the lag within the catch-up time while running flat out: (arrival rate + lag /
 *       catch-up time) / true rate. Catching up is what the headroom is for; dividing this part by
 *       the utilisation too would keep a third more subtasks than needed once the lag is gone.
 * </ul>
 *
 * <p>The target utilisation sizes a rescale; it does not trigger one. {@code keepUp}, the subtasks
 * the arrivals and the lag need flat out, decides whether the job is short of subtasks at all.
 *
 * @param catchUp the time the lag must be cleared in: the configured catch-up time, or what is left
 *     of it when a scale-up was held back (see {@link AutoscalerHistory#scaleUpHeldSince})
 * @param demand records per second the job must read: arrivals plus the lag spread over the
 *     catch-up time
 * @param demandAfterRescale the same, counting the backlog the rescale's restart creates itself
 * @param subtaskTrueRate records per second one subtask of the busiest vertex handles fully busy
 * @param required subtasks needed for the arrivals and for {@code demand}
 * @param requiredAfterRescale subtasks needed for the arrivals and for {@code demandAfterRescale}
 * @param keepUp subtasks that carry the arrivals of the last minute and the lag over the catch-up
 *     time fully busy, at the last minute's cost per record: more than the current parallelism
 *     means the job cannot keep up. A burst of a few seconds, or busy time sampled over a few
 *     seconds against a rate over the interval, does not count until it shows in the lag; a real
 *     surge shows there at once
 * @param requiredInBand subtasks that run the arrivals no busier than halfway between the target
 *     utilisation and fully busy, and clear {@code demandAfterRescale} flat out unless the oldest
 *     waiting record will have waited no longer than the catch-up time when processing resumes
 *     ({@link #peakStalenessAfterRescale}): the fewest a rescale may round down to. A freshness
 *     promise is about how late the data is, and that peaks when the restart ends and falls from
 *     then on; clearing the backlog within the catch-up time as well keeps subtasks the promise
 *     does not need
 * @param keepUpCost the busy subtask-seconds per record {@code keepUp} counts
 */
record Sizing(
    Observation observation,
    AutoscalerConfig config,
    Duration catchUp,
    double demand,
    double demandAfterRescale,
    double subtaskTrueRate,
    double required,
    double requiredAfterRescale,
    double keepUp,
    double requiredInBand,
    double keepUpCost) {

  /** Empty while data waits but nothing was processed, so no rate can be measured yet. */
  static Optional<Sizing> of(Observation observation, AutoscalerConfig config) {
    return of(observation, config, config.catchUpTime(), observation.arrivalRate(),
        subtaskSecondsPerRecord(observation));
  }

  /** Busy subtask-seconds of the busiest vertex per record read: a record's cost. NaN if none. */
  static double subtaskSecondsPerRecord(Observation observation) {
    double throughput = observation.throughput();
    return throughput <= 0 ? Double.NaN
        : observation.parallelism() * observation.bottleneck().averageBusy() / throughput;
  }

  /**
   * As {@link #of(Observation, AutoscalerConfig)}, clearing the lag within {@code catchUp}, and
   * judging whether the job keeps up by {@code sustainedArrival} at {@code sustainedCost}.
   */
  static Optional<Sizing> of(Observation observation, AutoscalerConfig config, Duration catchUp,
      double sustainedArrival, double sustainedCost) {
    double arrival = observation.arrivalRate();
    double lag = observation.lag();
    double catchUpSeconds = catchUp.toMillis() / 1000.0;
    double restartBacklog = restartBacklog(arrival, config);
    double demand = arrival + lag / catchUpSeconds;
    double demandAfterRescale = arrival + (lag + restartBacklog) / catchUpSeconds;
    double throughput = observation.throughput();
    if (demand > 0 && throughput <= 0) {
      return Optional.empty();
    }
    VertexLoad busiest = observation.bottleneck();
    // Subtasks of the busiest vertex busy now, per record per second the job reads.
    double busySubtasks = observation.parallelism() * busiest.averageBusy();
    double perRecord = demand == 0 ? 0 : busySubtasks / throughput;
    double steady = arrival * perRecord / config.targetUtilisation();
    double subtaskTrueRate =
        busySubtasks == 0 ? Double.POSITIVE_INFINITY : busiest.processingRate() / busySubtasks;
    double keepUpCost = Double.isNaN(sustainedCost) ? perRecord : sustainedCost;
    return Optional.of(new Sizing(observation, config, catchUp, demand, demandAfterRescale,
        subtaskTrueRate, Math.max(steady, demand * perRecord),
        Math.max(steady, demandAfterRescale * perRecord),
        (sustainedArrival + lag / catchUpSeconds) * keepUpCost,
        Math.max(arrival * perRecord / bandTop(config),
            peakStaleness(arrival, lag + restartBacklog) <= catchUpSeconds ? 0
                : demandAfterRescale * perRecord),
        keepUpCost));
  }

  /** {@link #requiredInBand} at {@code cost} busy subtask-seconds a record instead of this look's. */
  double requiredInBandAt(double cost) {
    double look = subtaskSecondsPerRecord(observation);
    return look > 0 ? requiredInBand * cost / look : requiredInBand;
  }

  /** {@link #keepUp} with {@code moreArrivals} records per second more arriving. */
  double keepUpWith(double moreArrivals) {
    return keepUp + moreArrivals * keepUpCost;
  }

  /**
   * Seconds the oldest waiting record has waited when processing resumes after a rescale: the lag
   * and the restart's backlog are that many seconds of arrivals. From then on it only falls, as
   * long as the job reads more than arrives.
   */
  double peakStalenessAfterRescale() {
    double arrival = observation.arrivalRate();
    return peakStaleness(arrival, observation.lag() + restartBacklog(arrival, config));
  }

  /** Records that arrive while a rescale's restart stops processing. */
  private static double restartBacklog(double arrival, AutoscalerConfig config) {
    return arrival * config.restartTime().toMillis() / 1000.0;
  }

  /**
   * Seconds the oldest waiting record has waited when processing resumes after a restart that left
   * {@code backlog} records waiting: the backlog is that many seconds of arrivals. Infinite when
   * nothing arrives, so that a lag without arrivals must still be cleared in time.
   */
  private static double peakStaleness(double arrival, double backlog) {
    return arrival > 0 ? backlog / arrival : backlog > 0 ? Double.POSITIVE_INFINITY : 0;
  }

  /** Halfway between the target utilisation and fully busy, where the keep-up trigger sits. */
  static double bandTop(AutoscalerConfig config) {
    return (1 + config.targetUtilisation()) / 2;
  }

  /** The arithmetic behind {@code subtasks}, in words. */
  String explain(double subtasks, boolean afterRescale) {
    String restart = afterRescale
        ? " (+ the " + duration(config.restartTime()) + " restart's backlog)" : "";
    return "a subtask of '" + observation.bottleneck().name() + "' does "
        + number(subtaskTrueRate) + " rec/s fully busy; " + number(observation.arrivalRate())
        + " rec/s arriving at " + number(config.targetUtilisation() * 100) + "% busy, and "
        + number(observation.arrivalRate()) + " rec/s + " + number(observation.lag())
        + " lagging over " + duration(catchUp) + restart + " = "
        + number(afterRescale ? demandAfterRescale : demand) + " rec/s flat out, need "
        + number(subtasks) + " subtasks";
  }

  DecisionNumbers numbers(CheckpointMetrics checkpoints, int targetParallelism) {
    return new DecisionNumbers(observation.arrivalRate(), observation.lag(), observation.throughput(),
        catchUp.toSeconds(), observation.bottleneck().averageBusy(), subtaskTrueRate, required,
        requiredAfterRescale, keepUp, checkpoints.age().map(a -> a.toMillis() / 1000.0).orElse(-1.0),
        checkpoints.lastDuration().map(d -> d.toMillis() / 1000.0).orElse(-1.0), checkpoints.failuresInRow(),
        targetParallelism);
  }
}
