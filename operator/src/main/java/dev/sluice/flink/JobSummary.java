package dev.sluice.flink;

import java.time.Instant;

/** A job as the job manager lists it. */
public record JobSummary(String id, String name, FlinkJobState state, Instant startTime) {
}
