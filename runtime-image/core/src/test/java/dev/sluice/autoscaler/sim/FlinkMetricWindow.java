package dev.sluice.autoscaler.sim;

import dev.sluice.autoscaler.Observation;
import java.time.Duration;
import java.util.List;

/**
 * The Flink operator autoscaler's evaluation of a full metric window, for a job whose source is its
 * only vertex, following its published formulas:
 *
 * <ul>
 *   <li>target data rate = average input rate + rate of change of the lag over the window;
 *   <li>true processing rate = average input rate / average busy fraction of the busiest subtask
 *       (the default MAX busy-time aggregator);
 *   <li>target capacity = lag / catch-up + target rate * restart / catch-up + target rate /
 *       target utilisation; the scale-up and scale-down thresholds are the same sum at the upper
 *       and lower utilisation bound (without and with the restart term); while the lag exceeds the
 *       backlog threshold the bounds widen to 1.0 and 0.0.
 * </ul>
 *
 * <p>The observed-true-processing-rate switch is left out: in the simulator the busy-time based
 * rate is exact, so the switch would never trigger.
 */
record FlinkMetricWindow(
    double trueProcessingRate, double targetCapacity, double scaleUpThreshold,
    double scaleDownThreshold) {

  static FlinkMetricWindow evaluate(List<Observation> window, double targetUtilisation,
      double utilisationBoundary, Duration catchUp, Duration restart, Duration backlogThreshold) {
    Observation first = window.get(0);
    Observation last = window.get(window.size() - 1);
    double seconds = Duration.between(first.time(), last.time()).toSeconds();
    // Rates from accumulated counters cover the intervals after the first sample.
    double inputRate = window.subList(1, window.size()).stream()
        .mapToDouble(Observation::throughput).average().orElse(0);
    double lagRate = (last.lag() - first.lag()) / seconds;
    double targetRate = Math.max(0, inputRate + lagRate);
    double busy = window.stream()
        .mapToDouble(o -> o.vertices().get(0).maxBusy()).average().orElse(0);
    double trueRate = busy == 0 ? Double.POSITIVE_INFINITY : inputRate / busy;

    double catchUpSeconds = catchUp.toSeconds();
    double catchUpRate = last.lag() / catchUpSeconds;
    double restartRate = targetRate * restart.toSeconds() / catchUpSeconds;
    boolean backlog = inputRate > 0 && last.lag() / inputRate > backlogThreshold.toSeconds();
    double upper = backlog ? 1.0 : Math.min(1.0, targetUtilisation + utilisationBoundary);
    double lower = backlog ? 0.0 : Math.max(0.0, targetUtilisation - utilisationBoundary);
    return new FlinkMetricWindow(
        trueRate,
        Math.round(catchUpRate + restartRate + targetRate / targetUtilisation),
        Math.round(catchUpRate + targetRate / upper),
        lower == 0 ? Double.POSITIVE_INFINITY
            : Math.round(catchUpRate + restartRate + targetRate / lower));
  }

  /** Scaling only happens when the true rate lies outside the utilisation bounds. */
  boolean outsideUtilisationBounds() {
    return trueProcessingRate < scaleUpThreshold || trueProcessingRate > scaleDownThreshold;
  }
}
