package dev.sluice.observation;

import dev.sluice.autoscaler.SourceLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * What an autoscaler observation needs besides the job's own metrics.
 *
 * @param sources the partitions and Kafka inputs, from the input Datasets
 * @param checkpointInterval {@code spec.checkpointing.interval}
 * @param checkpointTimeout {@code spec.checkpointing.timeout}
 * @param runningSince since when the job has run at its current parallelism, as the operator saw
 *     it; null while it does not run
 * @param savepointInProgress whether a savepoint the operator triggered is running
 * @param committedLag how far the consumer groups of the job's Kafka inputs lag, from the offsets
 *     the job committed at its last completed checkpoint, when the brokers answered for every input
 * @param committedLagBefore the same, as read with the look before ({@link JobLooks#committedLagBefore})
 */
public record MappingInputs(
    SourceLayout sources,
    Duration checkpointInterval,
    Duration checkpointTimeout,
    Instant runningSince,
    boolean savepointInProgress,
    OptionalLong committedLag,
    OptionalLong committedLagBefore) {
}
