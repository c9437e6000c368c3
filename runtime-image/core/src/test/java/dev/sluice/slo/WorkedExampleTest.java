package dev.sluice.slo;

import dev.sluice.api.slo.SloState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/slo.md, "A worked example": 99.5 % fresh within 5 minutes over 28 days, observed every
 * 10 seconds. The figures asserted here are the ones derived by hand there.
 */
class WorkedExampleTest {

  private static final Duration WINDOW = Duration.ofDays(28);
  private static final Duration THRESHOLD = Duration.ofMinutes(5);
  private static final Duration STEP = Duration.ofSeconds(10);

  @Test
  void ninetyNinePointFivePercentFreshWithinFiveMinutesOverTwentyEightDays() {
    SloPolicy policy = new SloPolicy(99.5, WINDOW, Budgeting.TIME_SLICES, BurnAlert.of(14.4, 1.0, WINDOW));
    // By hand: 0.5 % of 28 days is 3h21m36s of staleness; the page threshold is 14.4 × 28/30 = 13.44.
    assertEquals(Duration.ofHours(3).plusMinutes(21).plusSeconds(36),
        Duration.ofSeconds(Math.round(policy.allowedErrorRatio() * WINDOW.toSeconds())));
    assertEquals(13.44, policy.alerts().get(0).threshold(), 1e-9);

    // A full window of fresh data, then the data stops all at once.
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    SloTracker tracker = new SloTracker(policy, Duration.ofMinutes(5));
    Instant now = start;
    Instant newestData = start;
    Instant stopped = start.plus(WINDOW);
    tracker.record(now, SliSample.good(0));
    while (true) {
      now = now.plus(STEP);
      if (!now.isAfter(stopped)) {
        newestData = now;
      }
      tracker.record(now, SliSample.atMost(Duration.between(newestData, now).toSeconds(), THRESHOLD.toSeconds()));
      if (now.isBefore(stopped)) {
        continue;
      }
      SloEvaluation evaluation = tracker.evaluate(now);
      if (evaluation.pages()) {
        // By hand: stale after 5m; the page needs more than 241.92 s bad in the last hour, so the
        // 25th bad observation, 250 s in: 9m10s after the data stopped, 250/12096 = 2.07 % of the budget.
        assertEquals(Duration.ofMinutes(9).plusSeconds(10), Duration.between(stopped, now));
        assertEquals(250, evaluation.window().bad(), 1e-6);
        double spent = 100 - evaluation.errorBudgetRemaining();
        assertEquals(2.07, spent, 0.005);
        assertEquals(SloState.Burning, evaluation.state());
        assertTrue(evaluation.burnRates().get(BurnWindow.H1) > 13.44);
        return;
      }
      assertFalse(Duration.between(stopped, now).compareTo(Duration.ofMinutes(15)) > 0, "no page 15 minutes in");
    }
  }
}
