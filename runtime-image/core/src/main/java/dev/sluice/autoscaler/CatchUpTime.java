package dev.sluice.autoscaler;

import java.time.Duration;

/**
 * Derives the catch-up time from a freshness or lag objective on a pipeline's outputs, so the
 * autoscaler sizes for the promise a team made instead of a guessed constant.
 */
public final class CatchUpTime {

  private CatchUpTime() {}

  /**
   * A backlog must be gone before the objective is broken, and a rescale spends {@code
   * restartTime} of that budget processing nothing. Never less than half the objective, so that a
   * slow restart cannot demand an unbounded amount of capacity.
   *
   * @param objective the threshold of the tightest freshness or lag (in time) objective
   */
  public static Duration fromObjective(Duration objective, Duration restartTime) {
    if (objective.isNegative() || objective.isZero()) {
      throw new IllegalArgumentException("objective must be positive, was " + objective);
    }
    Duration afterRestart = objective.minus(restartTime);
    Duration half = objective.dividedBy(2);
    return afterRestart.compareTo(half) > 0 ? afterRestart : half;
  }
}
