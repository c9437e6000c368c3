package dev.sluice.api;

import dev.sluice.api.common.Durations;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationsTest {

  @Test
  void parsesGoDurations() {
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
    assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
    assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
  }

  @Test
  void refusesWhatIsNotADuration() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Durations.parse("5 minutes"));
    assertTrue(error.getMessage().contains("30s"), error.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("10d"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse(""));
  }

  @Test
  void parsesWindows() {
    assertEquals(Duration.ofDays(28), Durations.parseWindow("28d"));
    assertEquals(Duration.ofDays(14), Durations.parseWindow("2w"));
    assertEquals(Duration.ofHours(1), Durations.parseWindow("60m"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parseWindow("1.5d"));
  }
}
