package dev.sluice.observation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The looks at one Pipeline's job that the autoscaler compares: the one before the current one,
 * and since when the job has run at its current parallelism. The operator and local mode keep one
 * per Pipeline, so that both measure a backlog's change over the same span.
 */
public final class JobLooks {

  /** How often a running job is looked at: Flink updates rates every 5 s, averaged over a minute. */
  public static final Duration EVERY = Duration.ofSeconds(15);

  private JobObservation lastLook;
  private OptionalLong lastCommittedLag = OptionalLong.empty();
  private OptionalLong committedLagBefore = OptionalLong.empty();
  private Instant runningSince;

  /**
   * The shortest span two compared looks cover. Flink samples busy time and the backlog every five
   * seconds, so over a shorter span the records counted are set against a busy time or a backlog
   * of another moment: in the operator's tests, which look every two seconds, a sink that does
   * 250 records a second fully busy was read as doing 417.
   */
  public static final Duration MEASURED_SPAN = Duration.ofSeconds(10);

  /**
   * Takes a new look at the job and returns the one before it, if that saw the same job running at
   * the same parallelism at least {@link #MEASURED_SPAN} earlier. A look sooner than that is not
   * kept either, so that a later one is compared with a look far enough back.
   *
   * @param committedLag the consumer groups' lag read with this look, if the brokers answered
   */
  public Optional<JobObservation> look(JobObservation current, OptionalLong committedLag) {
    Optional<JobObservation> before = Optional.ofNullable(lastLook)
        .filter(previous -> ObservationMapping.comparable(previous, current));
    if (current.job().state() != FlinkJobState.RUNNING) {
      runningSince = null;
    } else if (before.isEmpty() || runningSince == null) {
      runningSince = current.observedAt();
    }
    boolean tooSoon = before.isPresent() && Duration.between(before.get().observedAt(), current.observedAt())
        .compareTo(MEASURED_SPAN) < 0;
    if (tooSoon) {
      return Optional.empty();
    }
    lastLook = current;
    committedLagBefore = lastCommittedLag;
    lastCommittedLag = committedLag;
    return before;
  }

  /** The consumer groups' lag read with the look {@link #look} returned last. */
  public OptionalLong committedLagBefore() {
    return committedLagBefore;
  }

  /** Since when the job has run at its current parallelism; only after a look at it running. */
  public Instant runningSince() {
    return runningSince;
  }
}
