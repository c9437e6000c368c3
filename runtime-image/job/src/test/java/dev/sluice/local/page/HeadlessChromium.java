package dev.sluice.local.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's Chromium, headless, with one page open, driven through the Chrome DevTools protocol over
 * the JDK's WebSocket client: enough to read back what a page drew and to take a screenshot,
 * without a WebDriver.
 */
public final class HeadlessChromium implements AutoCloseable {

  public static final String INSTALL = "apt-get install -y chromium";
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final Duration ANSWER = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final WebSocket page;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();

  private HeadlessChromium(Process process, URI pageSocket) {
    this.process = process;
    this.page = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(pageSocket, new Answers()).join();
  }

  /**
   * Opens {@code address} in a new headless Chromium whose profile and log go to {@code profile}.
   *
   * @throws AssertionError when Chromium is not installed, with the command that installs it
   */
  public static HeadlessChromium open(URI address, Path profile) throws Exception {
    Path binary = Path.of("/usr/bin/chromium");
    if (!Files.isExecutable(binary)) {
      throw new AssertionError("the live page's browser check needs Debian's Chromium at " + binary
          + "; install it with: " + INSTALL + " (hack/chromium.sh does, as .ci/run calls it)");
    }
    Files.createDirectories(profile);
    // As root (our machines and CI) Chromium runs only without its sandbox.
    Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1400,1100",
        address.toString())
        .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
    try {
      return new HeadlessChromium(process, pageSocket(process, profile, address));
    } catch (Exception | AssertionError e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** The value of a JavaScript expression in the page, as JSON. */
  public JsonNode evaluate(String expression) throws Exception {
    JsonNode answer = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
        .put("returnByValue", true));
    if (answer.has("exceptionDetails")) {
      throw new IllegalStateException(expression + " threw: " + answer.path("exceptionDetails"));
    }
    return answer.path("result").path("value");
  }

  /** A PNG of the whole page, below the window's height too. */
  public void screenshot(Path png) throws Exception {
    JsonNode size = evaluate("({width: document.documentElement.scrollWidth,"
        + " height: document.documentElement.scrollHeight})");
    ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
    params.putObject("clip").put("x", 0).put("y", 0).put("scale", 1)
        .put("width", size.path("width").asInt()).put("height", size.path("height").asInt());
    JsonNode answer = call("Page.captureScreenshot", params);
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.write(png, Base64.getDecoder().decode(answer.path("data").asText()));
  }

  @Override
  public void close() throws InterruptedException {
    page.abort();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    answers.put(id, answer);
    page.sendText(JSON.writeValueAsString(JSON.createObjectNode().put("id", id).put("method", method)
        .set("params", params)), true).join();
    JsonNode reply = answer.get(ANSWER.toSeconds(), TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IllegalStateException(method + " failed: " + reply.path("error"));
    }
    return reply.path("result");
  }

  /** The DevTools socket of the tab showing {@code address}, once Chromium has written its port. */
  private static URI pageSocket(Process process, Path profile, URI address) throws Exception {
    Path activePort = profile.resolve("DevToolsActivePort");
    Instant deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("Chromium exited with " + process.exitValue() + "; its log: "
            + Files.readString(profile.resolve("chromium.log")));
      }
      if (Files.exists(activePort) && !Files.readAllLines(activePort).isEmpty()) {
        String port = Files.readAllLines(activePort).get(0);
        HttpResponse<String> targets = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode target : JSON.readTree(targets.body())) {
          if (target.path("type").asText().equals("page") && target.path("url").asText().startsWith(address.toString())) {
            return URI.create(target.path("webSocketDebuggerUrl").asText());
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("Chromium showed no tab of " + address + " within " + STARTUP.toSeconds() + " s; its log: "
        + Files.readString(profile.resolve("chromium.log")));
  }

  /** Completes each call with the reply of its id; a reply such as a screenshot comes in several parts. */
  private final class Answers implements WebSocket.Listener {
    private final StringBuilder message = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence part, boolean last) {
      message.append(part);
      if (last) {
        try {
          JsonNode reply = JSON.readTree(message.toString());
          CompletableFuture<JsonNode> answer = reply.has("id") ? answers.remove(reply.path("id").asInt()) : null;
          if (answer != null) {
            answer.complete(reply);
          }
        } catch (IOException e) {
          answers.values().forEach(answer -> answer.completeExceptionally(e));
        }
        message.setLength(0);
      }
      socket.request(1);
      return null;
    }
  }
}
