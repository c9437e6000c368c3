package dev.sluice.autoscaler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the autoscaler remembers between evaluations. The caller keeps the instance returned with
 * each decision and passes it to the next evaluation; it can be rebuilt from the pipeline status
 * (the last rescale) when the operator restarts, at the cost of waiting one stabilisation window
 * before a scale-down.
 *
 * @param lastRescale the latest rescale the autoscaler decided, for the cooldown
 * @param lowerSince since when every recommendation has been below the current parallelism
 * @param recent recommendations within the stabilisation window, oldest first
 */
public record AutoscalerHistory(
    Optional<Rescale> lastRescale, Optional<Instant> lowerSince, List<Recommendation> recent) {

  /** The parallelism the load called for at one evaluation. */
  public record Recommendation(Instant at, int parallelism) {}

  public AutoscalerHistory {
    recent = List.copyOf(recent);
  }

  public static AutoscalerHistory empty() {
    return new AutoscalerHistory(Optional.empty(), Optional.empty(), List.of());
  }

  /** Remembers a recommendation, forgetting those older than {@code window}. */
  AutoscalerHistory recommend(Instant at, int parallelism, int current, Duration window) {
    List<Recommendation> kept = new ArrayList<>();
    Instant oldest = at.minus(window);
    for (Recommendation recommendation : recent) {
      if (!recommendation.at().isBefore(oldest)) {
        kept.add(recommendation);
      }
    }
    kept.add(new Recommendation(at, parallelism));
    Optional<Instant> lower =
        parallelism < current ? Optional.of(lowerSince.orElse(at)) : Optional.empty();
    return new AutoscalerHistory(lastRescale, lower, kept);
  }

  /** Starts afresh after a rescale: recommendations made at the old parallelism no longer count. */
  AutoscalerHistory rescaled(Rescale rescale) {
    return new AutoscalerHistory(Optional.of(rescale), Optional.empty(), List.of());
  }
}
