package dev.sluice.flink;

import java.net.URI;
import java.util.OptionalInt;

/**
 * A call to a Pipeline's Flink REST API failed: no answer in time, an HTTP error, or a body that
 * does not parse. Unchecked so that the reconciler's retry handles it like any other failure.
 */
public class FlinkRestException extends RuntimeException {

  private static final int NO_RESPONSE = -1;

  private final String pipeline;
  private final URI uri;
  private final int status;

  public FlinkRestException(String pipeline, URI uri, String problem, Throwable cause) {
    this(pipeline, uri, NO_RESPONSE, problem, cause);
  }

  public FlinkRestException(String pipeline, URI uri, int status, String problem, Throwable cause) {
    super("Flink REST API of pipeline " + pipeline + ": " + problem + " (" + uri
        + (status == NO_RESPONSE ? "" : ", HTTP " + status) + ")", cause);
    this.pipeline = pipeline;
    this.uri = uri;
    this.status = status;
  }

  /** {@code namespace/name} of the Pipeline whose cluster was called. */
  public String pipeline() {
    return pipeline;
  }

  /** The URI that was called. */
  public URI uri() {
    return uri;
  }

  /** The HTTP status, or empty when no response came (connection refused, timeout). */
  public OptionalInt status() {
    return status == NO_RESPONSE ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /** Whether Flink answered 404: the job, savepoint operation or vertex is unknown to it. */
  public boolean notFound() {
    return status == 404;
  }
}
