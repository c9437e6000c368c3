package dev.sluice.flink;

import dev.sluice.api.pipeline.Pipeline;

import java.net.URI;

/** Where the job manager REST API of a Pipeline's Flink cluster listens. */
public interface FlinkEndpointResolver {

  /** The base URI of the REST API, such as {@code http://orders-rest.shop.svc:8081}. */
  URI restUri(Pipeline pipeline);

  default FlinkEndpoint endpoint(Pipeline pipeline) {
    var metadata = pipeline.getMetadata();
    return new FlinkEndpoint(metadata.getNamespace() + "/" + metadata.getName(), restUri(pipeline));
  }
}
