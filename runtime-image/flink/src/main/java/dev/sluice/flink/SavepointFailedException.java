package dev.sluice.flink;

import java.net.URI;

/** Flink finished a savepoint (or stop-with-savepoint) operation without writing a savepoint. */
public class SavepointFailedException extends FlinkRestException {

  public SavepointFailedException(String pipeline, URI uri, String flinkCause) {
    super(pipeline, uri, "savepoint failed: " + flinkCause, null);
  }
}
