package dev.sluice.flink;

import java.net.URI;
import java.util.Objects;

/**
 * The job manager REST API of one Pipeline's Flink cluster.
 *
 * @param pipeline {@code namespace/name} of the Pipeline, so that errors say whose cluster failed
 * @param uri the base URI, such as {@code http://orders-rest.shop.svc:8081}
 */
public record FlinkEndpoint(String pipeline, URI uri) {

  public FlinkEndpoint {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(uri, "uri");
  }

  /** The URI of a REST path such as {@code /jobs/overview}, relative to the base URI. */
  URI resolve(String pathAndQuery) {
    String base = uri.toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
  }
}
