package dev.sluice.local;

import dev.sluice.fixtures.Scenario;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.sluice.api.Manifests;
import dev.sluice.fixtures.Examples;
import dev.sluice.local.page.HeadlessChromium;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The local demo as a newcomer runs it. The autoscaler must scale the counting pipeline up during the
 * spike and back down after it, each time in place: the job that ends is the one that started, and it
 * never failed.
 * Meanwhile the live page is open in headless Chromium, and its charts must show the scale-up.
 */
@Scenario
class LocalScalingTest {

  private static final Pattern DECISION =
      Pattern.compile("clicks-per-user scales (up|down) (\\d) → (\\d): (.+)");
  private static final Pattern LIVE_PAGE = Pattern.compile("live page: (http://127\\.0\\.0\\.1:\\d+/)");
  /** Where the page's screenshot goes, for a person to look at after the run. */
  private static final Path SCREENSHOT = Path.of("target", "live-page", "local-scaling.png");

  @TempDir
  Path temp;
  /** What the live page showed of why the autoscaler kept the counting pipeline's parallelism. */
  private final AtomicReference<String> holdShown = new AtomicReference<>();

  @Test
  void theDemoScalesUpForTheSpikeAndBackDownInPlace() throws Exception {
    Path demo = Files.createDirectories(temp.resolve("local-demo"));
    for (Path file : Files.list(Examples.directory().resolve("local-demo")).filter(Files::isRegularFile).toList()) {
      Files.copy(file, demo.resolve(file.getFileName()));
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Path status = temp.resolve("status.yaml");

    CountDownLatch stop = new CountDownLatch(1);
    SluiceRun run = new SluiceRun(RunOptions.parse("run", demo.toString(), "--status-file",
        status.toString()).orElseThrow(), new PrintStream(output, true, StandardCharsets.UTF_8), false, stop);
    CompletableFuture<Integer> exited = CompletableFuture.supplyAsync(() -> {
      try {
        return run.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    // No duration: it runs until stopped as Ctrl-C stops it, once the scale-down is carried out.
    try {
      try (HeadlessChromium browser = HeadlessChromium.open(livePage(output, exited), temp.resolve("chromium"))) {
        awaitTheScaleDown(output, exited, browser, () -> {
          stop.countDown();
          exited.get(3, TimeUnit.MINUTES);
          return pipelineStatus(status, "clicks-per-user").path("lastHold").toString();
        });
        theLivePageChartsTheDecisions(browser, output);
        // "holds at 1" before the spike on most runs; a slow start may leave only later holds, or waits.
        assertTrue(holdShown.get() != null && holdShown.get().matches("\\S+ .*autoscaler: \\S.*"),
            "the live page said why the autoscaler kept the counting pipeline's parallelism: " + holdShown.get());
      }
    } finally {
      stop.countDown();
    }
    int exit = exited.get(3, TimeUnit.MINUTES);

    String printed = output.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, printed);
    List<Matcher> decisions = printed.lines().map(DECISION::matcher).filter(Matcher::find).toList();
    assertFalse(decisions.isEmpty(), printed);
    assertEquals("up", decisions.get(0).group(1), printed);
    assertEquals("1", decisions.get(0).group(2), printed);
    Matcher last = decisions.get(decisions.size() - 1);
    assertEquals("down", last.group(1), "scaled back down after the spike: " + printed);
    assertTrue(last.group(4).contains("stabilisation window"), last.group(4));
    int peak = decisions.stream().mapToInt(decision -> Integer.parseInt(decision.group(3))).max().orElseThrow();
    int end = Integer.parseInt(last.group(3));
    assertTrue(peak >= 2 && end < peak, printed);

    JsonNode counting = pipelineStatus(status, "clicks-per-user");
    Matcher started = Pattern.compile("clicks-per-user runs as Flink job (\\w+),").matcher(printed);
    assertTrue(started.find(), printed);
    assertEquals(started.group(1), counting.path("job").path("id").asText(), "the same job throughout");
    assertTrue(counting.path("job").path("lastFailure").isMissingNode(), counting.toString());
    assertEquals(end, counting.path("parallelism").path("current").asInt(), counting.toString());
    assertEquals(end, counting.path("lastScaling").path("to").asInt(), counting.toString());
  }

  private static URI livePage(ByteArrayOutputStream output, CompletableFuture<Integer> exited) {
    await("the live page's address").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
        .until(() -> exited.isDone() || LIVE_PAGE.matcher(output.toString(StandardCharsets.UTF_8)).find());
    Matcher address = LIVE_PAGE.matcher(output.toString(StandardCharsets.UTF_8));
    assertTrue(address.find(), "no live page printed: " + output.toString(StandardCharsets.UTF_8));
    return URI.create(address.group(1));
  }

  /**
   * Meanwhile notes what the live page shows of the counting pipeline's holds, until one says "holds at".
   *
   * @param lastHold stops the run and reads why the autoscaler last held, for a failure's message
   */
  private void awaitTheScaleDown(ByteArrayOutputStream output, CompletableFuture<Integer> exited,
      HeadlessChromium browser, Callable<String> lastHold) throws Exception {
    try {
      await("the scale-down, carried out").atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
          .until(() -> {
            if (holdShown.get() == null || !holdShown.get().contains(" autoscaler: holds at ")) {
              String shown = browser.evaluate("window.sluicePage.pipelines['clicks-per-user']?.hold || ''").asText();
              holdShown.set(shown.isEmpty() ? holdShown.get() : shown);
            }
            return exited.isDone() || scaledDown(output.toString(StandardCharsets.UTF_8));
          });
    } catch (ConditionTimeoutException e) {
      String hold = lastHold.call();
      fail("no scale-down carried out within 6 minutes; the jobs, the counting pipeline's rows, the decisions and"
          + " the last table:\n" + whatTheRunShowed(output.toString(StandardCharsets.UTF_8))
          + "\nthe autoscaler's last hold: " + hold, e);
    }
  }

  /**
   * The parallelism the page's chart drew went above 1, and it marked every decision printed; read
   * back from what the page set after drawing, then a screenshot of it.
   */
  private static void theLivePageChartsTheDecisions(HeadlessChromium browser, ByteArrayOutputStream output)
      throws Exception {
    JsonNode[] drawn = new JsonNode[1];
    long[] decisions = new long[1];
    try {
      // The page polls every two seconds; the last decision may be newer than its last drawing.
      await("the live page's charts").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        decisions[0] = output.toString(StandardCharsets.UTF_8).lines()
            .filter(line -> DECISION.matcher(line).find()).count();
        drawn[0] = browser.evaluate("window.sluicePage.pipelines['clicks-per-user'] || null");
        return drawn[0].path("maxParallelism").asInt() > 1 && drawn[0].path("scalings").asLong() == decisions[0];
      });
    } catch (ConditionTimeoutException e) {
      fail("the live page drew " + drawn[0] + " for clicks-per-user; expected a parallelism above 1 and "
          + decisions[0] + " decisions marked", e);
    } finally {
      browser.screenshot(SCREENSHOT);
      System.out.println("The live page at the scale-down: " + SCREENSHOT.toAbsolutePath());
    }
    assertTrue(drawn[0].path("samples").asInt() > 10, drawn[0].toString());
    JsonNode objective = browser.evaluate("window.sluicePage.objectives['clicks-per-user-fresh'] || null");
    assertTrue(objective.path("samples").asInt() > 10 && objective.path("budgetLeft").isNumber(),
        "the live page charts the demo's freshness objective's budget: " + objective);
  }

  /** Whether a scale-down was decided and the latest table shows the job running at its target. */
  private static boolean scaledDown(String printed) {
    Matcher down = Pattern.compile("clicks-per-user scales down \\d → (\\d)").matcher(printed);
    if (!down.find()) {
      return false;
    }
    List<String> rows = printed.substring(down.end()).lines().filter(line -> line.startsWith("clicks-per-user "))
        .toList();
    return !rows.isEmpty() && rows.get(rows.size() - 1).matches("clicks-per-user +Running +" + down.group(1) + " .*");
  }

  /** The printed lines that say what the autoscaler decided or held, and the last table drawn. */
  private static String whatTheRunShowed(String printed) {
    List<String> lines = printed.lines().toList();
    // The counting pipeline's row of every table too: whether the spike ever showed as lag.
    List<String> kept = new ArrayList<>(lines.stream()
        .filter(line -> line.contains(" scales ") || line.contains(" holds ") || line.contains(" waits ")
            || line.contains(" runs as Flink job ") || line.startsWith("clicks-per-user  "))
        .toList());
    kept.addAll(lines.subList(Math.max(0, lines.size() - 12), lines.size()));
    return String.join("\n", kept);
  }

  private static JsonNode pipelineStatus(Path file, String name) throws Exception {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> read = Manifests.yaml().readerFor(JsonNode.class).readValues(file.toFile())) {
      read.forEachRemaining(documents::add);
    }
    return documents.stream().filter(document -> document.path("metadata").path("name").asText().equals(name))
        .findFirst().orElseThrow().path("status");
  }
}
