package dev.sluice.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The API server's own record of every request it served, by client: its audit log, at the
 * Metadata level. Each client of the benchmark sends its own User-Agent, so the operator's
 * requests are counted by the server rather than by the operator, whatever library sent them.
 */
final class AuditLog {

  /** One request: when the server received it, its verb and resource (with subresource). */
  record Request(Instant received, String verb, String resource) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  private AuditLog(Path file) {
    this.file = file;
  }

  /** A log in the directory, and the kube-apiserver flags that write it. */
  static AuditLog in(Path directory) throws IOException {
    Path policy = directory.resolve("audit-policy.yaml");
    // RequestReceived would count each request twice; a watch is counted when its response starts.
    Files.writeString(policy, """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: [RequestReceived]
        rules:
          - level: Metadata
        """);
    return new AuditLog(directory.resolve("audit.log"));
  }

  Map<String, String> flags() {
    return Map.of(
        "--audit-policy-file", file.resolveSibling("audit-policy.yaml").toString(),
        "--audit-log-path", file.toString(),
        "--audit-log-maxsize", "0");
  }

  /** The requests of one client, by its User-Agent's prefix. */
  List<Request> requestsOf(String userAgent) {
    List<Request> requests = new ArrayList<>();
    try (BufferedReader lines = Files.newBufferedReader(file)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JsonNode event = JSON.readTree(line);
        if (!event.path("userAgent").asText().startsWith(userAgent) || !served(event)) {
          continue;
        }
        JsonNode object = event.path("objectRef");
        String resource = object.path("resource").asText("-")
            + (object.has("subresource") ? "/" + object.path("subresource").asText() : "");
        requests.add(new Request(Instant.parse(event.path("requestReceivedTimestamp").asText()),
            event.path("verb").asText(), resource));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return requests;
  }

  /** A request counts once: a watch when its response starts, anything else when it completes. */
  private static boolean served(JsonNode event) {
    String stage = event.path("stage").asText();
    return "watch".equals(event.path("verb").asText()) ? "ResponseStarted".equals(stage)
        : "ResponseComplete".equals(stage) || "Panic".equals(stage);
  }
}
