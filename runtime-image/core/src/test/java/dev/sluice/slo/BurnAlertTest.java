package dev.sluice.slo;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BurnAlertTest {

  @Test
  void thirtyDaysGivesTheWorkbooksRates() {
    List<BurnAlert> alerts = BurnAlert.of(14.4, 1.0, Duration.ofDays(30));
    assertEquals(List.of(14.4, 6.0, 3.0, 1.0), alerts.stream().map(BurnAlert::threshold).toList());
    assertEquals(List.of(BurnWindow.H1, BurnWindow.H6, BurnWindow.D1, BurnWindow.D3),
        alerts.stream().map(BurnAlert::longWindow).toList());
    assertEquals(List.of(BurnWindow.M5, BurnWindow.M30, BurnWindow.H2, BurnWindow.H6),
        alerts.stream().map(BurnAlert::shortWindow).toList());
  }

  @Test
  void ratesScaleWithTheWindowAndNeverGoBelowOne() {
    List<BurnAlert> alerts = BurnAlert.of(14.4, 1.0, Duration.ofDays(28));
    assertEquals(13.44, alerts.get(0).threshold(), 1e-9);
    assertEquals(5.6, alerts.get(1).threshold(), 1e-9);
    assertEquals(2.8, alerts.get(2).threshold(), 1e-9);
    assertEquals(1.0, alerts.get(3).threshold(), 1e-9, "0.93 is raised to 1");
    assertEquals(28.8, BurnAlert.of(14.4, 1.0, Duration.ofDays(60)).get(0).threshold(), 1e-9);
  }

  @Test
  void conditionsLongerThanTheWindowAreLeftOut() {
    List<BurnAlert> alerts = BurnAlert.of(14.4, 1.0, Duration.ofHours(1));
    assertEquals(1, alerts.size());
    assertEquals(BurnWindow.H1, alerts.get(0).longWindow());
    assertEquals(1.0, alerts.get(0).threshold(), 1e-9);
    assertEquals(3, BurnAlert.of(14.4, 1.0, Duration.ofDays(1)).size());
  }

  @Test
  void bothWindowsMustExceedTheThreshold() {
    BurnAlert page = BurnAlert.of(14.4, 1.0, Duration.ofDays(30)).get(0);
    assertTrue(page.holds(15.0, 20.0));
    assertFalse(page.holds(15.0, 10.0), "the short window says it has stopped");
    assertFalse(page.holds(10.0, 20.0), "a blip too short to matter");
    assertFalse(page.holds(14.4, 14.4), "exactly at the threshold does not fire");
    assertFalse(page.holds(null, 20.0), "an unknown rate never fires");
  }
}
