package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.HumanFormat.duration;

import java.time.Duration;
import java.util.Optional;

/**
 * No decision from rates younger than Flink's rate window. Flink's per-second record rates are
 * averages over the last minute that count from zero when the tasks start, while busy time follows
 * the last seconds; dividing one by the other right after a (re)start makes a subtask look several
 * times slower than it is (a pod showed 336 rec/s "fully busy" for a subtask doing 6,000), and a
 * rescale sized on that is several times too large.
 */
final class RateWindow {

  /** The time span of Flink's {@code numRecords*PerSecond} meters. */
  static final Duration FLINK_RATE_WINDOW = Duration.ofMinutes(1);

  private RateWindow() {}

  /** Why the rates of {@code observation} are too young to decide on, or empty if they are not. */
  static Optional<String> tooYoung(Observation observation) {
    Duration ran = Duration.between(observation.runningSince().orElseThrow(), observation.time());
    if (ran.compareTo(FLINK_RATE_WINDOW) >= 0) {
      return Optional.empty();
    }
    return Optional.of("the job has run at parallelism " + observation.parallelism() + " for "
        + duration(ran) + "; Flink's record rates average the last " + duration(FLINK_RATE_WINDOW)
        + " and still count the time before the start, so they read low; deciding once they cover "
        + duration(FLINK_RATE_WINDOW) + " of running");
  }
}
