package dev.sluice.observation;

import java.util.Optional;

/**
 * A job's checkpointing; savepoints count only for {@code latestSavepoint}.
 *
 * @param completed checkpoints completed since the job was submitted (or restored)
 * @param latestFailed the latest failed checkpoint, from the latest failure and the history
 * @param failuresSinceLastCompleted checkpoints failed after the latest completed one, counted in
 *     Flink's checkpoint history ({@code web.checkpoints.history}, 10 by default); when the latest
 *     completed one has left the history this is a lower bound
 * @param latestSavepoint the latest savepoint that completed while the job ran
 * @param inProgress checkpoints and savepoints under way
 */
public record CheckpointStats(
    long completed,
    Optional<CompletedCheckpoint> latestCompleted,
    Optional<FailedCheckpoint> latestFailed,
    int failuresSinceLastCompleted,
    Optional<CompletedCheckpoint> latestSavepoint,
    int inProgress) {
}
