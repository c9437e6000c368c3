package dev.sluice.freshness;

import dev.sluice.autoscaler.HumanFormat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * How far behind its input a Pipeline's outputs are. The outputs are fresh through an instant T:
 * they reflect every input record up to T, and freshness is the age of T. T is
 * <ul>
 *   <li>with event time (the sink writers receive watermarks): the lowest input watermark of the
 *       sink writers, so every record with an event time up to T has been written (event times of
 *       TIMESTAMP columns are taken as UTC);</li>
 *   <li>without: the observation time minus the lag in seconds, the arrival time of the newest
 *       input the job has taken in.</li>
 * </ul>
 * Outputs that are written in transactions (exactly-once Kafka) or committed as files show new
 * data only when a checkpoint completes, and then only what came before that checkpoint started.
 * For them the observation time is replaced by the start of the latest completed checkpoint, and
 * T is never later than it: with event time this is a lower bound of the true age; without, it is
 * lag plus time since the checkpoint. T in the future (event times ahead of the clock) counts as
 * age zero.
 */
public final class Freshness {

  private Freshness() {
  }

  /**
   * @param writerWatermark the sink writers' lowest input watermark, epoch milliseconds; empty
   *     without event time
   * @param lagSeconds how long the sources' backlog takes to drain; empty when unknown
   * @param lastCheckpointStart when the latest completed checkpoint was triggered
   * @param visibleAtCheckpoint whether some output shows data only once a checkpoint completes
   * @param observedAt when the figures were taken
   * @return T, or empty when the figures do not say: no watermark and no lag, or outputs that
   *     show data at checkpoints before the first completed one
   */
  public static Optional<Instant> freshThrough(OptionalLong writerWatermark, OptionalDouble lagSeconds,
      Optional<Instant> lastCheckpointStart, boolean visibleAtCheckpoint, Instant observedAt) {
    Optional<Instant> visibleUpTo = visibleAtCheckpoint ? lastCheckpointStart : Optional.of(observedAt);
    if (visibleUpTo.isEmpty()) {
      return Optional.empty();
    }
    if (writerWatermark.isPresent()) {
      Instant watermark = Instant.ofEpochMilli(writerWatermark.getAsLong());
      return Optional.of(watermark.isBefore(visibleUpTo.get()) ? watermark : visibleUpTo.get());
    }
    if (lagSeconds.isPresent()) {
      return Optional.of(visibleUpTo.get().minusMillis(Math.round(lagSeconds.getAsDouble() * 1000)));
    }
    return Optional.empty();
  }

  /** The age of {@code freshThrough} at {@code now}, in whole seconds and as a person reads it. */
  public static Age age(Instant freshThrough, Instant now) {
    Duration age = freshThrough.isAfter(now) ? Duration.ZERO : Duration.between(freshThrough, now);
    return new Age(age.toSeconds(), HumanFormat.duration(age));
  }

  /** An age such as 192 seconds, read "3m12s". */
  public record Age(long seconds, String text) {
  }
}
