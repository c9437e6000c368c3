package dev.sluice.flink;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What became of a checkpoint asked for with {@link FlinkJobClient#triggerCheckpoint}.
 *
 * @param completedId the checkpoint's id, when it completed
 * @param failure why it did not, otherwise
 */
public record CheckpointOutcome(OptionalLong completedId, Optional<String> failure) {
}
