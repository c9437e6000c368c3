package dev.sluice.datagen;

import dev.sluice.api.dataset.RateProfile.Shape;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RateScheduleTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void constantStaysAtTheBaseRate() {
    RateSchedule constant = new RateSchedule(100, Shape.CONSTANT, 5, MINUTE, null, null);
    assertEquals(100, constant.rowsPerSecondAt(Duration.ZERO));
    assertEquals(100, constant.rowsPerSecondAt(Duration.ofHours(3)));
  }

  @Test
  void stepRisesAtStartAfterAndStays() {
    RateSchedule step = new RateSchedule(100, Shape.STEP, 5, MINUTE, null, null);
    assertEquals(100, step.rowsPerSecondAt(Duration.ofSeconds(59)));
    assertEquals(500, step.rowsPerSecondAt(MINUTE));
    assertEquals(500, step.rowsPerSecondAt(Duration.ofHours(3)));
  }

  @Test
  void spikeRisesForItsDurationThenFalls() {
    RateSchedule spike = new RateSchedule(200, Shape.SPIKE, 10, Duration.ofSeconds(30), Duration.ofMinutes(2), null);
    assertEquals(200, spike.rowsPerSecondAt(Duration.ofSeconds(29)));
    assertEquals(2000, spike.rowsPerSecondAt(Duration.ofSeconds(30)));
    assertEquals(2000, spike.rowsPerSecondAt(Duration.ofSeconds(149)));
    assertEquals(200, spike.rowsPerSecondAt(Duration.ofSeconds(150)));
  }

  @Test
  void sineSwingsBetweenTheBaseAndThePeakEveryPeriod() {
    RateSchedule sine = new RateSchedule(100, Shape.SINE, 3, MINUTE, null, Duration.ofSeconds(40));
    assertEquals(100, sine.rowsPerSecondAt(Duration.ZERO), 1e-9);
    assertEquals(200, sine.rowsPerSecondAt(Duration.ofSeconds(10)), 1e-9);
    assertEquals(300, sine.rowsPerSecondAt(Duration.ofSeconds(20)), 1e-9);
    assertEquals(100, sine.rowsPerSecondAt(Duration.ofSeconds(40)), 1e-9);
  }

  @Test
  void shapesThatNeedATimeSpanRequireOne() {
    assertThrows(IllegalArgumentException.class, () -> new RateSchedule(1, Shape.SPIKE, 2, MINUTE, null, null));
    assertThrows(IllegalArgumentException.class, () -> new RateSchedule(1, Shape.SINE, 2, MINUTE, null, null));
  }
}
