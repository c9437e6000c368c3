package dev.sluice.observation;

import java.time.Instant;

/** A job as the job manager lists it. */
public record JobSummary(String id, String name, FlinkJobState state, Instant startTime) {
}
