package dev.sluice.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Counts the requests a Kubernetes client sends to the API server from the threads a predicate
 * accepts, such as one controller's reconcile threads. Fabric8 calls an interceptor's {@code before}
 * on the thread that sends the request.
 */
public final class RequestCounter implements Interceptor {

  /** One request: its method and path. */
  public record Request(String method, String path, String thread) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private final Predicate<String> threads;
  private final List<Request> requests = new ArrayList<>();

  public RequestCounter(Predicate<String> threads) {
    this.threads = threads;
  }

  /** A new client of the API server whose requests this counter sees. */
  public KubernetesClient client(ApiServer api) {
    Config config = api.client().getConfiguration();
    return new KubernetesClientBuilder().withConfig(config)
        .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("count", this))
        .build();
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    String thread = Thread.currentThread().getName();
    if (threads.test(thread)) {
      synchronized (requests) {
        requests.add(new Request(request.method(), request.uri().getPath(), thread));
      }
    }
  }

  /** The requests counted so far. */
  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }
}
