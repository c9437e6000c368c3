package dev.sluice.lineage;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A local OpenLineage backend for tests: it keeps every event posted to {@link LineageSettings#DEFAULT_ENDPOINT}. */
final class LineageReceiver implements AutoCloseable {

  /** One POST: its body, and the Authorization header it came with. */
  record Received(String body, String authorization) {
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  LineageReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(LineageSettings.DEFAULT_ENDPOINT, exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        received.add(new Received(new String(body.readAllBytes(), StandardCharsets.UTF_8),
            exchange.getRequestHeaders().getFirst("Authorization")));
      }
      exchange.sendResponseHeaders(201, -1);
      exchange.close();
    });
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
