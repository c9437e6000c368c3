package dev.sluice.observation;

import java.time.Instant;
import java.util.Optional;

/** A checkpoint that was declined, expired or could not be written. */
public record FailedCheckpoint(
    long id, Instant triggerTime, Instant failureTime, Optional<String> failureMessage) {
}
