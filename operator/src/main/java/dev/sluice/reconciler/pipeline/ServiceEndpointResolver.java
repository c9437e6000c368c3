package dev.sluice.reconciler.pipeline;

import dev.sluice.flink.FlinkEndpointResolver;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.reconciler.pipeline.ClusterNames;
import dev.sluice.reconciler.pipeline.FlinkConfiguration;

import java.net.URI;

/**
 * The production resolver: the REST Service the pipeline reconciler creates next to the job
 * manager, reached through cluster DNS, so the operator needs no port-forward and survives job
 * manager restarts.
 */
public final class ServiceEndpointResolver implements FlinkEndpointResolver {

  @Override
  public URI restUri(Pipeline pipeline) {
    String service = ClusterNames.of(pipeline).restService();
    return URI.create("http://" + service + "." + pipeline.getMetadata().getNamespace() + ".svc:"
        + FlinkConfiguration.REST_PORT);
  }
}
