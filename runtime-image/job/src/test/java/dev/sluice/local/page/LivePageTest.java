package dev.sluice.local.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.pipeline.LagStatus;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.ThroughputStatus;
import dev.sluice.api.slo.SloState;
import dev.sluice.api.slo.SloStatus;
import dev.sluice.autoscaler.LastScaling;
import dev.sluice.autoscaler.ScalingDecision;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live page's server over plain HTTP: the page, uPlot from its webjar, and the history as JSON. */
class LivePageTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void servesThePageUPlotAndTheHistoryOnTheLoopback() throws Exception {
    StatusHistory history = new StatusHistory(Duration.ofMinutes(10));
    Instant start = Instant.parse("2026-12-03T20:00:00Z");
    history.record("counts", start, StatusHistoryTest.status(1));
    PipelineStatus scaled = StatusHistoryTest.status(3);
    scaled.getParallelism().setCurrent(1);
    LagStatus lag = new LagStatus();
    lag.setRecords(5000L);
    scaled.setLag(lag);
    ThroughputStatus throughput = new ThroughputStatus();
    throughput.setInputRecordsPerSecond(250.0);
    scaled.setThroughput(throughput);
    scaled.setFreshnessSeconds(4L);
    scaled.setLastScaling(StatusHistoryTest.scaling(start.plusSeconds(3), 1, 3));
    scaled.setLastHold(LastScaling.hold(ScalingDecision.hold(1, "waiting for the scale-up 1 → 3"),
        start.plusSeconds(5), "waiting for the scale-up 1 → 3"));
    history.record("counts", start.plusSeconds(5), scaled);
    SloStatus objective = new SloStatus();
    objective.setState(SloState.Burning);
    objective.setErrorBudgetRemaining(42.5);
    objective.setSli(12.0);
    history.recordObjective("counts-fresh", "Pipeline/counts", start.plusSeconds(5), objective);

    try (LivePage page = LivePage.start(0, history)) {
      URI address = page.address();
      assertEquals("127.0.0.1", address.getHost());
      assertTrue(address.getPort() > 0, address.toString());

      HttpResponse<String> html = get(address);
      assertEquals(200, html.statusCode());
      assertTrue(html.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"), html.headers().toString());
      assertTrue(html.body().contains("<script src=\"/uplot/uPlot.iife.min.js\"></script>"), html.body());
      HttpResponse<String> uplot = get(address.resolve("/uplot/uPlot.iife.min.js"));
      assertEquals(200, uplot.statusCode());
      assertTrue(uplot.body().contains("uPlot"), "uPlot's script from its webjar");
      assertEquals(200, get(address.resolve("/uplot/uPlot.min.css")).statusCode());
      assertEquals(404, get(address.resolve("/elsewhere")).statusCode());

      HttpResponse<String> served = get(address.resolve("/api/history"));
      assertEquals(200, served.statusCode());
      JsonNode json = new ObjectMapper().readTree(served.body());
      assertEquals(600, json.path("windowSeconds").asLong());
      JsonNode counts = json.path("pipelines").path(0);
      assertEquals("counts", counts.path("name").asText());
      assertEquals(new ObjectMapper().readTree("""
          [{"time": %d, "parallelism": 1, "desiredParallelism": 1, "lagRecords": null,
            "inputRecordsPerSecond": null, "freshnessSeconds": null},
           {"time": %d, "parallelism": 1, "desiredParallelism": 3, "lagRecords": 5000,
            "inputRecordsPerSecond": 250.0, "freshnessSeconds": 4}]
          """.formatted(start.getEpochSecond(), start.getEpochSecond() + 5)), counts.path("samples"));
      assertEquals(new ObjectMapper().readTree("""
          [{"time": %d, "from": 1, "to": 3, "reason": "spike"}]
          """.formatted(start.getEpochSecond() + 3)), counts.path("scalings"));
      assertEquals(new ObjectMapper().readTree("""
          {"time": %d, "parallelism": 1, "reason": "waiting for the scale-up 1 → 3"}
          """.formatted(start.getEpochSecond() + 5)), counts.path("lastHold"));
      assertEquals(new ObjectMapper().readTree("""
          [{"name": "counts-fresh", "target": "Pipeline/counts", "state": "Burning",
            "samples": [{"time": %d, "errorBudgetRemaining": 42.5, "sli": 12.0}]}]
          """.formatted(start.getEpochSecond() + 5)), json.path("objectives"));
    }
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
