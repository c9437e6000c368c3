package dev.sluice.local.page;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * {@code sluice run}'s live page: one HTML page that charts {@link StatusHistory} by polling
 * {@code /api/history}, with uPlot served from its webjar in the jar, so the page needs no network.
 * Bound to the loopback address only: the page shows the pipelines to this machine's user alone.
 */
public final class LivePage implements AutoCloseable {

  /** uPlot's files in its webjar; the version comes from the webjar, so an upgrade is one line of the pom. */
  private static final String UPLOT = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
  /** The page's files under their paths. */
  private static final Map<String, Asset> ASSETS = Map.of(
      "/", new Asset("dev/sluice/local/page/index.html", "text/html; charset=utf-8"),
      "/uplot/uPlot.iife.min.js", new Asset(UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
      "/uplot/uPlot.min.css", new Asset(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));

  private final HttpServer server;

  private LivePage(HttpServer server) {
    this.server = server;
  }

  /** Serves the page on 127.0.0.1; port 0 takes a free one. */
  public static LivePage start(int port, StatusHistory history) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    ObjectMapper json = new ObjectMapper();
    server.createContext("/api/history", exchange -> {
      try (exchange) {
        send(exchange, 200, "application/json", json.writeValueAsBytes(history.snapshot()));
      }
    });
    server.createContext("/", assets());
    server.start();
    return new LivePage(server);
  }

  /** The page's address, such as http://127.0.0.1:43521/. */
  public URI address() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static HttpHandler assets() {
    return exchange -> {
      try (exchange) {
        Asset asset = ASSETS.get(exchange.getRequestURI().getPath());
        if (asset == null) {
          send(exchange, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8));
          return;
        }
        try (InputStream content = LivePage.class.getClassLoader().getResourceAsStream(asset.resource())) {
          if (content == null) {
            throw new IllegalStateException(asset.resource() + " is missing from the class path");
          }
          send(exchange, 200, asset.contentType(), content.readAllBytes());
        }
      }
    };
  }

  private static void send(HttpExchange exchange, int code, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(code, body.length);
    exchange.getResponseBody().write(body);
  }

  private static String uplotVersion() {
    try (InputStream pom = LivePage.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      if (pom == null) {
        throw new IllegalStateException("uPlot's webjar (org.webjars.npm:uplot) is missing from the class path");
      }
      Properties properties = new Properties();
      properties.load(pom);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Asset(String resource, String contentType) {
  }
}
