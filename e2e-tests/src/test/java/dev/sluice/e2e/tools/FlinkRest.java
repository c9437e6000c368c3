package dev.sluice.e2e.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A job manager's REST API, reached through a port-forward to its pod. */
public final class FlinkRest implements AutoCloseable {

  private static final int REST_PORT = 8081;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long a job manager answering 503 (a leader election under way) is asked again. */
  private static final Duration UNAVAILABLE_FOR = Duration.ofSeconds(30);

  private final LocalPortForward forward;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private FlinkRest(LocalPortForward forward) {
    this.forward = forward;
  }

  public static FlinkRest forward(KubernetesClient client, String namespace, String pod) {
    return new FlinkRest(client.pods().inNamespace(namespace).withName(pod).portForward(REST_PORT));
  }

  /**
   * GETs a path such as /jobs/overview; throws when the job manager does not answer 200. A 503 is
   * asked again, for up to {@link #UNAVAILABLE_FOR}: the REST endpoint answers it while the job
   * manager's leader election runs, which a restarted or upgraded job manager goes through.
   */
  public JsonNode get(String path) {
    try {
      long giveUpAt = System.nanoTime() + UNAVAILABLE_FOR.toNanos();
      HttpResponse<String> response = send(path);
      while (response.statusCode() == 503 && System.nanoTime() < giveUpAt) {
        Thread.sleep(1000);
        response = send(path);
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> send(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + forward.getLocalPort() + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    try {
      forward.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
