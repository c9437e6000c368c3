package dev.sluice.flink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

/** JSON over HTTP to a Flink REST API, each call bounded by one timeout, failures typed. */
final class RestCalls {

  // Flink writes NaN gauges (busy time of a subtask that has not run) as bare NaN. Tests parse
  // recorded responses with the same settings.
  static final JsonMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  private final HttpClient http;
  private final Duration timeout;

  RestCalls(Duration timeout) {
    // Flink's REST server speaks HTTP/1.1; skip the HTTP/2 upgrade attempt.
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .build();
    this.timeout = timeout;
  }

  <T> T get(FlinkEndpoint endpoint, String path, Class<T> type) {
    return call(endpoint, "GET", path, BodyPublishers.noBody(), JSON.constructType(type));
  }

  <T> List<T> getList(FlinkEndpoint endpoint, String path, Class<T> element) {
    return call(endpoint, "GET", path, BodyPublishers.noBody(),
        JSON.getTypeFactory().constructCollectionType(List.class, element));
  }

  <T> T post(FlinkEndpoint endpoint, String path, Object body, Class<T> type) {
    try {
      return call(endpoint, "POST", path, BodyPublishers.ofString(JSON.writeValueAsString(body)),
          JSON.constructType(type));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write request body " + body, e);
    }
  }

  void put(FlinkEndpoint endpoint, String path, Object body) {
    try {
      call(endpoint, "PUT", path, BodyPublishers.ofString(JSON.writeValueAsString(body)), null);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write request body " + body, e);
    }
  }

  void patch(FlinkEndpoint endpoint, String path) {
    call(endpoint, "PATCH", path, BodyPublishers.noBody(), null);
  }

  private <T> T call(FlinkEndpoint endpoint, String method, String path, BodyPublisher body, JavaType type) {
    URI uri = endpoint.resolve(path);
    HttpRequest request = HttpRequest.newBuilder(uri)
        .method(method, body)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .timeout(timeout)
        .build();
    String responseBody;
    int status;
    try {
      var response = http.send(request, BodyHandlers.ofString());
      responseBody = response.body();
      status = response.statusCode();
    } catch (HttpTimeoutException e) {
      throw new FlinkRestException(endpoint.pipeline(), uri,
          method + " got no response within " + timeout.toMillis() + " ms", e);
    } catch (IOException e) {
      throw new FlinkRestException(endpoint.pipeline(), uri, method + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlinkRestException(endpoint.pipeline(), uri, method + " interrupted", e);
    }
    if (status >= 300) {
      String error = responseBody.isBlank()
          ? "an empty answer, which Flink never gives: another server answered at that address"
          : flinkError(responseBody);
      throw new FlinkRestException(endpoint.pipeline(), uri, status, method + " refused: " + error, null);
    }
    try {
      return type == null ? null : JSON.readValue(responseBody, type);
    } catch (JsonProcessingException e) {
      throw new FlinkRestException(endpoint.pipeline(), uri, status,
          method + " answered with an unexpected body: " + e.getOriginalMessage(), e);
    }
  }

  /** The first line of Flink's first error: the exception and its message, not the stack. */
  private static String flinkError(String body) {
    try {
      List<String> errors = JSON.readValue(body, RestMessages.ErrorResponse.class).errors();
      if (errors != null && !errors.isEmpty()) {
        return errors.get(0).lines().findFirst().orElse("");
      }
    } catch (JsonProcessingException e) {
      // Not Flink's error shape (a proxy's page, say): report the start of the body instead.
    }
    return body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }
}
