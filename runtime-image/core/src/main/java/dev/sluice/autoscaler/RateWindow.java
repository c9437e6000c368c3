package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.HumanFormat.duration;

import java.time.Duration;
import java.util.Optional;

/**
 * Flink's rate window. Flink's per-second record rates are averages over the last minute that
 * count from zero when the tasks start, while busy time follows the last seconds; dividing one by
 * the other right after a (re)start makes a subtask look several times slower than it is (a pod
 * scaled 1 → 4 on "336 rec/s fully busy" for a subtask doing 6,000). Rates taken from records
 * counters between two looks do not have that problem; a rate read from the gauge is not decided on
 * before the job has run for the window.
 */
public final class RateWindow {

  /** The time span of Flink's {@code numRecords*PerSecond} meters. */
  public static final Duration FLINK_RATE_WINDOW = Duration.ofMinutes(1);

  private RateWindow() {}

  /** Why a gauge rate of a job running for {@code ran} is too young to decide on, if it is. */
  public static Optional<String> tooYoung(Duration ran, int parallelism) {
    if (ran.compareTo(FLINK_RATE_WINDOW) >= 0) {
      return Optional.empty();
    }
    return Optional.of("rates that cover Flink's " + duration(FLINK_RATE_WINDOW) + " rate window:"
        + " the job has run at parallelism " + parallelism + " for " + duration(ran) + ", and Flink's"
        + " record rates still count the time before the start, so they read low (no records"
        + " counter to take the rate from)");
  }
}
