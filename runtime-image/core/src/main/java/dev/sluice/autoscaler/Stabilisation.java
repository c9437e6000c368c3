package dev.sluice.autoscaler;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Scale down only after the load has called for less for a whole stabilisation window, and then
 * only to the highest parallelism called for within it, so a short lull does not shed capacity
 * that the next minute needs again.
 */
final class Stabilisation {

  private Stabilisation() {}

  /** The parallelism to scale down to, or empty while the window is not yet over. */
  static Optional<Integer> scaleDownTarget(
      AutoscalerHistory history, Instant now, Duration window) {
    Optional<Instant> lowerSince = history.lowerSince();
    if (lowerSince.isEmpty() || Duration.between(lowerSince.get(), now).compareTo(window) < 0) {
      return Optional.empty();
    }
    return history.recent().stream()
        .map(AutoscalerHistory.Recommendation::parallelism)
        .max(Integer::compare);
  }
}
