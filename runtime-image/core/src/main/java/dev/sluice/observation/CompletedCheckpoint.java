package dev.sluice.observation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A checkpoint every subtask acknowledged.
 *
 * @param duration trigger to last acknowledgement (Flink's end-to-end duration)
 * @param stateSizeBytes the full state size; an incremental checkpoint writes less
 * @param externalPath where it is stored; empty for checkpoints kept in job manager memory
 */
public record CompletedCheckpoint(
    long id,
    Instant triggerTime,
    Instant completionTime,
    Duration duration,
    long stateSizeBytes,
    Optional<String> externalPath) {
}
