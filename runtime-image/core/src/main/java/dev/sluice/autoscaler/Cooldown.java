package dev.sluice.autoscaler;

import java.time.Duration;
import java.util.Optional;

/**
 * Anti-flap: a rescale that reverses the previous one inside the cooldown is refused. A further
 * scale-up inside the cooldown is refused too while the previous one keeps up with the arrivals:
 * every restart stops processing and adds to the lag, and a burst is often over by the time the
 * first scale-up has taken effect. A step that left the lag still growing is followed at once.
 */
final class Cooldown {

  private Cooldown() {}

  /** Why {@code proposed} is refused, or empty if it may go ahead. */
  static Optional<String> refusal(Optional<Rescale> last, Rescale proposed, Duration cooldown,
      Observation observation) {
    if (last.isEmpty()) {
      return Optional.empty();
    }
    Duration since = Duration.between(last.get().at(), proposed.at());
    if (since.compareTo(cooldown) >= 0) {
      return Optional.empty();
    }
    String inside = " made " + HumanFormat.duration(since) + " ago, inside the "
        + HumanFormat.duration(cooldown) + " cooldown";
    if (last.get().up() != proposed.up()) {
      return Optional.of(proposed + " would reverse the " + last.get() + inside);
    }
    if (proposed.up() && observation.throughput() >= observation.arrivalRate()) {
      return Optional.of(proposed + " waits: the " + last.get() + inside
          + " keeps up with the arrivals and is draining the lag");
    }
    return Optional.empty();
  }
}
