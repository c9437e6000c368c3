package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.HumanFormat.number;

import java.util.Optional;

/**
 * A scale-up that did not help is not repeated while the lag does not grow. When the job reads no
 * more than half of the extra records per second its latest scale-up was sized for, more subtasks
 * are not what it lacks: a hot partition stays on one subtask however many there are, and a
 * bottleneck outside the job (a slow sink, a throttled broker) does not move either. While the lag
 * drains, or stays, the autoscaler holds rather than pay another restart for nothing; once the lag
 * grows again it tries the next step.
 */
final class Effectiveness {

  /** Below this share of the expected gain in throughput, a scale-up did not help. */
  static final double HELPED = 0.5;

  private Effectiveness() {}

  /** Why a further scale-up is refused, or empty if it may go ahead. */
  static Optional<String> refusal(AutoscalerHistory history, Observation observation) {
    if (history.lastRescale().isEmpty() || history.expectation().isEmpty()) {
      return Optional.empty();
    }
    Rescale last = history.lastRescale().get();
    AutoscalerHistory.Expectation expected = history.expectation().get();
    double expectedGain = expected.expectedThroughput() - expected.throughputBefore();
    double gain = observation.throughput() - expected.throughputBefore();
    boolean lagGrows = observation.throughput() < observation.arrivalRate();
    if (!last.up() || observation.parallelism() != last.to() || expectedGain <= 0
        || observation.lag() <= 0 || lagGrows || gain >= HELPED * expectedGain) {
      return Optional.empty();
    }
    return Optional.of("the " + last + " raised the throughput by " + number(Math.max(0, gain))
        + " of the " + number(expectedGain) + " rec/s it was sized for, so more subtasks do not"
        + " help (a hot partition, or a bottleneck outside the job); holding while the lag of "
        + number(observation.lag()) + " does not grow");
  }
}
