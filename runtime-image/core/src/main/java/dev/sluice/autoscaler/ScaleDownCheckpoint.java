package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.HumanFormat.duration;

import java.time.Duration;
import java.time.Instant;

/**
 * A checkpoint asked for before a scale-down removes task managers, and whether the scale-down may
 * go ahead.
 *
 * <p>In reactive mode a job fails over the moment task managers go, and restarts from its latest
 * completed checkpoint: it reads again everything read since, up to a checkpoint interval of
 * records, and an exactly-once sink's output of that interval, written but not committed, waits
 * for the restart and then some. A checkpoint completed just before leaves only what the job reads
 * while the task managers stop. One that fails, or takes longer than {@link #BOUND}, does not hold
 * the scale-down up: the periodic checkpoint's replay costs time, not data.
 *
 * @param jobId the job asked
 * @param askedAt when
 */
public record ScaleDownCheckpoint(String jobId, Instant askedAt) {

  /** Longer than a checkpoint of a job light enough to scale down takes. */
  public static final Duration BOUND = Duration.ofMinutes(1);

  /** What to do about a scale-down now. */
  public enum Next {
    /** Ask the job for a checkpoint. */
    ASK,
    /** Keep the task managers until the checkpoint asked for is over. */
    WAIT,
    /** Remove the task managers. */
    SCALE_DOWN
  }

  /**
   * @param over whether the checkpoint asked for has completed or failed
   */
  public Next next(String runningJobId, boolean over, Instant now) {
    if (!jobId.equals(runningJobId)) {
      return Next.ASK;
    }
    return over || !Duration.between(askedAt, now).minus(BOUND).isNegative() ? Next.SCALE_DOWN : Next.WAIT;
  }

  /** Why the scale-down went ahead without the checkpoint, when it took too long. */
  public String overdue(Instant now) {
    return "the checkpoint asked for " + duration(Duration.between(askedAt, now)) + " ago is not done, over the "
        + duration(BOUND) + " a scale-down waits for it";
  }
}
