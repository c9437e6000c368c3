package dev.sluice.flink;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the client fails when the job manager is not there, or does not answer. */
class FlinkRestClientFailureTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void nothingListeningFailsAtOnceWithATypedErrorNamingPipelineAndUri() throws IOException {
    FlinkEndpoint endpoint = new FlinkEndpoint("shop/orders", URI.create("http://127.0.0.1:" + closedPort()));

    FlinkRestException error = assertTimeoutPreemptively(Duration.ofSeconds(2),
        () -> assertThrows(FlinkRestException.class, () -> new FlinkRestClient().jobs(endpoint)));

    assertEquals(endpoint.resolve("/jobs/overview"), error.uri());
    assertEquals("shop/orders", error.pipeline());
    assertTrue(error.status().isEmpty());
    assertTrue(error.getMessage().contains("shop/orders") && error.getMessage().contains(error.uri().toString()),
        error::getMessage);
  }

  @Test
  void aServerThatNeverAnswersFailsAfterTheTimeout() throws IOException {
    // The kernel completes the TCP handshake for the backlog; nobody ever reads the request.
    try (ServerSocket silent = new ServerSocket(0, 8, LOOPBACK)) {
      FlinkEndpoint endpoint = new FlinkEndpoint("shop/orders", URI.create("http://127.0.0.1:" + silent.getLocalPort()));
      FlinkRestClient client = new FlinkRestClient(Duration.ofMillis(300));

      FlinkRestException error = assertTimeoutPreemptively(Duration.ofSeconds(3),
          () -> assertThrows(FlinkRestException.class, () -> client.jobs(endpoint)));

      assertTrue(error.getMessage().contains("no response within 300 ms"), error::getMessage);
      assertTrue(error.status().isEmpty());
    }
  }

  @Test
  void anEmptyAnswerSaysThatSomethingOtherThanFlinkAnswered() throws IOException {
    // As a gateway did for a Service address that kube-proxy had not programmed yet.
    HttpServer gateway = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
    gateway.createContext("/", exchange -> {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    gateway.start();
    try {
      FlinkEndpoint endpoint = new FlinkEndpoint("shop/orders",
          URI.create("http://127.0.0.1:" + gateway.getAddress().getPort()));

      FlinkRestException error = assertThrows(FlinkRestException.class, () -> new FlinkRestClient().jobs(endpoint));

      assertEquals(404, error.status().getAsInt());
      assertTrue(error.getMessage().contains("another server answered at that address"), error::getMessage);
    } finally {
      gateway.stop(0);
    }
  }

  /** A loopback port that was free a moment ago and has no listener now. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      return socket.getLocalPort();
    }
  }
}
