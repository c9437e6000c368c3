package dev.sluice.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus, from Debian's prometheus package (hack/test-tools.sh installs it), on a
 * loopback port with its TSDB in a temporary directory, scraping one target every second.
 */
public final class PrometheusServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path home;
  private final URI uri;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, Path home, URI uri) {
    this.process = process;
    this.home = home;
    this.uri = uri;
  }

  /** Starts Prometheus scraping {@code target} (host:port, path /metrics) and waits until it is ready. */
  public static PrometheusServer scraping(String target) throws IOException {
    Path home = Files.createTempDirectory("sluice-prometheus-");
    Path config = home.resolve("prometheus.yml");
    Files.writeString(config, """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        scrape_configs:
          - job_name: sluice-operator
            static_configs: [{targets: ['%s']}]
        """.formatted(target));
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Process process;
    try {
      process = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + home.resolve("data"),
          "--web.listen-address=127.0.0.1:" + port)
          .redirectErrorStream(true).redirectOutput(home.resolve("prometheus.log").toFile()).start();
    } catch (IOException e) {
      throw new AssertionError("No prometheus to run: the dashboard test needs Debian's prometheus package "
          + "(hack/test-tools.sh installs it)", e);
    }
    PrometheusServer prometheus = new PrometheusServer(process, home, URI.create("http://127.0.0.1:" + port));
    try {
      Awaitility.await("prometheus ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .ignoreExceptions().until(() -> prometheus.get("/-/ready").statusCode() == 200);
    } catch (RuntimeException e) {
      prometheus.close();
      throw new AssertionError("Prometheus did not start:\n" + prometheus.log(), e);
    }
    return prometheus;
  }

  /** The answer of /api/v1/query to {@code expression}, evaluated now: status, data.result or error. */
  public JsonNode query(String expression) throws IOException, InterruptedException {
    return JSON.readTree(get("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8)).body());
  }

  /** What Prometheus logged, for a failure's message. */
  public String log() {
    try {
      return Files.readString(home.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
