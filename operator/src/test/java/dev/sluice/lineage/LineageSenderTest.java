package dev.sluice.lineage;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlineage.client.OpenLineage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineageSenderTest {

  @Test
  void aBackendThatIsNotThereNeitherHoldsTheCallerNorStopsTheSending() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (LineageSender sender = new LineageSender(new LineageSettings(URI.create("http://127.0.0.1:" + closedPort),
        LineageSettings.DEFAULT_ENDPOINT, null, null, Duration.ofSeconds(60)), registry)) {
      long before = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        sender.send("shop/orders-total", event());
      }
      assertTrue(Duration.ofNanos(System.nanoTime() - before).compareTo(Duration.ofMillis(500)) < 0,
          "sending only queues");
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(
          () -> registry.get("sluice_openlineage_events").tag("outcome", "failed").counter().count() == 3);
      assertEquals(0.0, registry.get("sluice_openlineage_events").tag("outcome", "sent").counter().count());
    }
  }

  @Test
  void withoutAUrlNothingIsSent() {
    assertEquals(Optional.empty(), LineageSettings.fromEnvironment(Map.of("SLUICE_OPENLINEAGE_API_KEY", "k")));
    assertSame(PipelineLineage.NONE, PipelineLineage.of(Optional.empty(), new SimpleMeterRegistry(),
        Clock.systemUTC()));
  }

  @Test
  void theSettingsComeFromTheEnvironmentWithDefaults() {
    LineageSettings settings = LineageSettings.fromEnvironment(Map.of("SLUICE_OPENLINEAGE_URL", "http://marquez:5000",
        "SLUICE_OPENLINEAGE_API_KEY", "secret-key", "SLUICE_OPENLINEAGE_NAMESPACE", "prod")).orElseThrow();
    assertEquals(URI.create("http://marquez:5000"), settings.url());
    assertEquals("/api/v1/lineage", settings.endpoint());
    assertEquals(Duration.ofSeconds(60), settings.runningInterval());
    assertEquals("prod", settings.jobNamespace("shop"));
    assertEquals("shop/orders-total", settings.jobName("shop", "orders-total"), "unique across Kubernetes namespaces");
    assertFalse(settings.toString().contains("secret-key"));
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> LineageSettings.fromEnvironment(
        Map.of("SLUICE_OPENLINEAGE_URL", "http://marquez:5000", "SLUICE_OPENLINEAGE_RUNNING_INTERVAL", "soon")));
    assertTrue(wrong.getMessage().contains("SLUICE_OPENLINEAGE_RUNNING_INTERVAL"), wrong.getMessage());
  }

  private static OpenLineage.RunEvent event() {
    OpenLineage openLineage = new OpenLineage(LineageEvents.PRODUCER);
    return openLineage.newRunEventBuilder().eventType(OpenLineage.RunEvent.EventType.START)
        .eventTime(Instant.now().atZone(ZoneOffset.UTC)).run(openLineage.newRun(UUID.randomUUID(), null))
        .job(openLineage.newJob("shop", "orders-total", null)).build();
  }
}
