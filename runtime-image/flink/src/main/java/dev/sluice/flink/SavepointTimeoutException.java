package dev.sluice.flink;

import java.net.URI;
import java.time.Duration;

/**
 * A savepoint did not complete within the wait. It may still complete: poll the same {@link
 * #trigger()} on a later reconciliation rather than triggering another.
 */
public class SavepointTimeoutException extends FlinkRestException {

  private final SavepointTrigger trigger;

  public SavepointTimeoutException(String pipeline, URI uri, SavepointTrigger trigger, Duration waited) {
    super(pipeline, uri, "savepoint " + trigger.triggerId() + " of job " + trigger.jobId()
        + " still in progress after " + waited.toMillis() + " ms", null);
    this.trigger = trigger;
  }

  public SavepointTrigger trigger() {
    return trigger;
  }
}
