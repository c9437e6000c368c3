package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.HumanFormat.duration;
import static dev.sluice.autoscaler.HumanFormat.number;

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
 * @param demand records per second the job must read: arrivals plus the lag spread over the
 *     catch-up time
 * @param demandAfterRescale the same, counting the backlog the rescale's restart creates itself
 * @param subtaskTrueRate records per second one subtask of the busiest vertex handles fully busy
 * @param required subtasks needed for the arrivals and for {@code demand}
 * @param requiredAfterRescale subtasks needed for the arrivals and for {@code demandAfterRescale}
 */
record Sizing(
    Observation observation,
    AutoscalerConfig config,
    double demand,
    double demandAfterRescale,
    double subtaskTrueRate,
    double required,
    double requiredAfterRescale) {

  /** Empty while data waits but nothing was processed, so no rate can be measured yet. */
  static Optional<Sizing> of(Observation observation, AutoscalerConfig config) {
    double arrival = observation.arrivalRate();
    double lag = observation.lag();
    double catchUpSeconds = config.catchUpTime().toMillis() / 1000.0;
    double restartBacklog = arrival * config.restartTime().toMillis() / 1000.0;
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
    return Optional.of(new Sizing(observation, config, demand, demandAfterRescale,
        subtaskTrueRate, Math.max(steady, demand * perRecord),
        Math.max(steady, demandAfterRescale * perRecord)));
  }

  /** The arithmetic behind {@code subtasks}, in words. */
  String explain(double subtasks, boolean afterRescale) {
    String restart = afterRescale
        ? " (+ the " + duration(config.restartTime()) + " restart's backlog)" : "";
    return "a subtask of '" + observation.bottleneck().name() + "' does "
        + number(subtaskTrueRate) + " rec/s fully busy; " + number(observation.arrivalRate())
        + " rec/s arriving at " + number(config.targetUtilisation() * 100) + "% busy, and "
        + number(observation.arrivalRate()) + " rec/s + " + number(observation.lag())
        + " lagging over " + duration(config.catchUpTime()) + restart + " = "
        + number(afterRescale ? demandAfterRescale : demand) + " rec/s flat out, need "
        + number(subtasks) + " subtasks";
  }

  DecisionNumbers numbers(CheckpointMetrics checkpoints, int targetParallelism) {
    return new DecisionNumbers(observation.arrivalRate(), observation.lag(), observation.throughput(),
        config.catchUpTime().toSeconds(), observation.bottleneck().averageBusy(), subtaskTrueRate, required,
        requiredAfterRescale, checkpoints.age().map(a -> a.toMillis() / 1000.0).orElse(-1.0),
        checkpoints.lastDuration().map(d -> d.toMillis() / 1000.0).orElse(-1.0), checkpoints.failuresInRow(),
        targetParallelism);
  }
}
