package dev.sluice.benchmark;

import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Watches one namespace's Pipelines and tells when a number of them have reached phase Deploying. */
final class DeployingWatch implements AutoCloseable {

  private final Set<String> deploying = ConcurrentHashMap.newKeySet();
  private final CompletableFuture<Instant> all = new CompletableFuture<>();
  private final int expected;
  private final SharedIndexInformer<Pipeline> informer;

  DeployingWatch(KubernetesClient client, String namespace, int expected) {
    this.expected = expected;
    this.informer = client.resources(Pipeline.class).inNamespace(namespace).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pipeline pipeline) {
        seen(pipeline);
      }

      @Override
      public void onUpdate(Pipeline old, Pipeline pipeline) {
        seen(pipeline);
      }

      @Override
      public void onDelete(Pipeline pipeline, boolean unknown) {
      }
    });
  }

  private void seen(Pipeline pipeline) {
    if (pipeline.getStatus() != null && pipeline.getStatus().getPhase() == Phase.Deploying
        && deploying.add(pipeline.getMetadata().getName()) && deploying.size() == expected) {
      all.complete(Instant.now());
    }
  }

  /** When the last one got there. */
  Instant awaitAll(Duration timeout) throws Exception {
    try {
      return all.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("only " + deploying.size() + " of " + expected + " Pipelines reached Deploying in "
          + timeout, e);
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}
