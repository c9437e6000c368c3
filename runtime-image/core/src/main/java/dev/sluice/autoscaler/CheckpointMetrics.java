package dev.sluice.autoscaler;

import java.time.Duration;
import java.util.Optional;

/**
 * The job's checkpointing as the autoscaler needs it.
 *
 * @param interval the configured checkpoint interval
 * @param timeout the configured checkpoint timeout
 * @param lastDuration how long the latest completed checkpoint took, if any completed
 * @param age time since the latest completed checkpoint (or savepoint) was triggered, which is
 *     how much a restore from it replays; empty if none completed
 * @param failuresInRow checkpoints failed since the last one that completed
 * @param savepointInProgress whether a savepoint the operator triggered is still running
 */
public record CheckpointMetrics(
    Duration interval,
    Duration timeout,
    Optional<Duration> lastDuration,
    Optional<Duration> age,
    int failuresInRow,
    boolean savepointInProgress) {

  public CheckpointMetrics {
    if (failuresInRow < 0) {
      throw new IllegalArgumentException("failuresInRow must not be negative");
    }
  }
}
