package dev.sluice.autoscaler;

import java.time.Duration;

/**
 * How one pipeline's autoscaler behaves: {@code Pipeline.spec.autoscaler} plus the bounds from
 * {@code spec.parallelism}.
 *
 * @param enabled when false every evaluation holds
 * @param minParallelism lower bound from {@code spec.parallelism.min}
 * @param maxParallelism upper bound from {@code spec.parallelism.max}; the source partition count
 *     caps it further
 * @param targetUtilisation the busy fraction each subtask should run at, leaving headroom for
 *     bursts and for catching up
 * @param catchUpTime how quickly a backlog must be cleared; see {@link CatchUpTime} for deriving it
 *     from a freshness or lag objective
 * @param stabilisationWindow how long the load must stay low before scaling down
 * @param cooldown how long after a rescale a rescale in the opposite direction is refused
 * @param maxFactor the largest change of one decision: up to {@code current * maxFactor}, down to
 *     {@code current / maxFactor}
 * @param restartTime how long a rescale stops processing; a rescale must also clear the backlog it
 *     creates itself
 * @param maxCheckpointAge no rescale while the latest completed checkpoint is older than this,
 *     because a rescale restores from it and replays everything since
 * @param checkpointFailureThreshold this many failed checkpoints in a row count as "failing"
 */
public record AutoscalerConfig(
    boolean enabled,
    int minParallelism,
    int maxParallelism,
    double targetUtilisation,
    Duration catchUpTime,
    Duration stabilisationWindow,
    Duration cooldown,
    double maxFactor,
    Duration restartTime,
    Duration maxCheckpointAge,
    int checkpointFailureThreshold) {

  public AutoscalerConfig {
    require(minParallelism >= 1, "minParallelism must be at least 1");
    require(maxParallelism >= minParallelism, "maxParallelism must not be below minParallelism");
    require(targetUtilisation > 0 && targetUtilisation <= 1, "targetUtilisation must be in (0, 1]");
    require(isPositive(catchUpTime), "catchUpTime must be positive");
    require(!stabilisationWindow.isNegative(), "stabilisationWindow must not be negative");
    require(!cooldown.isNegative(), "cooldown must not be negative");
    require(maxFactor > 1, "maxFactor must be greater than 1");
    require(!restartTime.isNegative(), "restartTime must not be negative");
    require(isPositive(maxCheckpointAge), "maxCheckpointAge must be positive");
    require(checkpointFailureThreshold >= 1, "checkpointFailureThreshold must be at least 1");
  }

  /** Sluice's defaults for a pipeline allowed to run between {@code min} and {@code max}. */
  public static AutoscalerConfig defaults(int minParallelism, int maxParallelism) {
    return new AutoscalerConfig(
        true,
        minParallelism,
        maxParallelism,
        0.7,
        Duration.ofMinutes(10),
        Duration.ofMinutes(5),
        Duration.ofMinutes(10),
        8.0,
        Duration.ofMinutes(1),
        Duration.ofMinutes(2),
        3);
  }

  public AutoscalerConfig withEnabled(boolean value) {
    return new AutoscalerConfig(value, minParallelism, maxParallelism, targetUtilisation,
        catchUpTime, stabilisationWindow, cooldown, maxFactor, restartTime, maxCheckpointAge,
        checkpointFailureThreshold);
  }

  public AutoscalerConfig withCatchUpTime(Duration value) {
    return new AutoscalerConfig(enabled, minParallelism, maxParallelism, targetUtilisation,
        value, stabilisationWindow, cooldown, maxFactor, restartTime, maxCheckpointAge,
        checkpointFailureThreshold);
  }

  /** Uses the catch-up time a freshness or lag objective on the pipeline's outputs implies. */
  public AutoscalerConfig withCatchUpFromObjective(Duration objective) {
    return withCatchUpTime(CatchUpTime.fromObjective(objective, restartTime));
  }

  public AutoscalerConfig withMaxFactor(double value) {
    return new AutoscalerConfig(enabled, minParallelism, maxParallelism, targetUtilisation,
        catchUpTime, stabilisationWindow, cooldown, value, restartTime, maxCheckpointAge,
        checkpointFailureThreshold);
  }

  private static boolean isPositive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
