package dev.sluice.reconciler.pipeline;

import dev.sluice.flink.FlinkEndpoint;
import dev.sluice.api.pipeline.Pipeline;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServiceEndpointResolverTest {

  @Test
  void resolvesThePipelinesRestServiceThroughClusterDns() {
    Pipeline pipeline = new Pipeline();
    pipeline.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName("orders").build());

    FlinkEndpoint endpoint = new ServiceEndpointResolver().endpoint(pipeline);

    assertEquals(URI.create("http://orders-rest.shop.svc:8081"), endpoint.uri());
    assertEquals("shop/orders", endpoint.pipeline());
  }
}
