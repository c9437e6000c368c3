package dev.sluice.slo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sluice.api.slo.SloState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SloTrackerTest {

  static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
  static final Duration STEP = Duration.ofSeconds(10);
  static final Duration MAX_GAP = Duration.ofMinutes(5);

  static SloPolicy policy(double objective, Duration window, Budgeting budgeting) {
    return new SloPolicy(objective, window, budgeting, BurnAlert.of(14.4, 1.0, window));
  }

  static Feed feed(double objective, Duration window) {
    return new Feed(new SloTracker(policy(objective, window, Budgeting.TIME_SLICES), MAX_GAP), START, STEP);
  }

  @Test
  void nothingCountedIsNoData() {
    SloTracker tracker = new SloTracker(policy(99, Duration.ofDays(7), Budgeting.TIME_SLICES), MAX_GAP);
    tracker.record(START, SliSample.good(3));
    SloEvaluation evaluation = tracker.evaluate(START);
    assertEquals(SloState.NoData, evaluation.state(), "one sample vouches for no time yet");
    assertNull(evaluation.compliance());
    assertTrue(evaluation.burnRates().isEmpty());
  }

  @Test
  void allGoodIsHealthyWithTheWholeBudget() {
    SloEvaluation evaluation = feed(99, Duration.ofDays(7)).good(Duration.ofHours(2)).evaluate();
    assertEquals(SloState.Healthy, evaluation.state());
    assertEquals(100.0, evaluation.compliance(), 1e-9);
    assertEquals(100.0, evaluation.errorBudgetRemaining(), 1e-9);
    assertEquals(7200, evaluation.window().total(), 1e-6);
    assertEquals(0.0, evaluation.burnRates().get(BurnWindow.H1), 1e-9);
    assertNull(evaluation.timeToExhaustion(), "nothing burns");
  }

  @Test
  void aWindowNotYetFullIsJudgedOnWhatItHolds() {
    // 19 good minutes and 1 bad: 5 % bad where 5 % is allowed spends the whole budget of what was measured.
    Feed feed = feed(95, Duration.ofDays(7)).good(Duration.ofMinutes(19)).bad(Duration.ofMinutes(1));
    SloEvaluation evaluation = feed.evaluate();
    assertEquals(1200, evaluation.window().total(), 1e-6);
    assertEquals(95.0, evaluation.compliance(), 1e-9);
    assertEquals(0.0, evaluation.errorBudgetRemaining(), 1e-9);
    assertEquals(SloState.Exhausted, evaluation.state());
    assertEquals(1.0, evaluation.burnRates().get(BurnWindow.D3), 1e-9, "3d holds the same 20 minutes");
    assertEquals((60 / 300.0) / 0.05, evaluation.burnRates().get(BurnWindow.M5), 1e-9, "1 bad minute in 5");
  }

  @Test
  void overspendingMakesTheBudgetNegative() {
    SloEvaluation evaluation = feed(99, Duration.ofDays(7)).good(Duration.ofMinutes(30)).bad(Duration.ofMinutes(30))
        .evaluate();
    assertEquals(50.0, evaluation.compliance(), 1e-9);
    assertEquals(100 * (1 - 0.5 / 0.01), evaluation.errorBudgetRemaining(), 1e-9);
    assertEquals(SloState.Exhausted, evaluation.state());
    assertNull(evaluation.timeToExhaustion(), "already spent");
  }

  @Test
  void aFastBurnPagesAndAStopClearsThePage() {
    // 30 days at 99.9 %: the page over 1h/5m needs a burn rate above 14.4, an error ratio above 1.44 %.
    Feed feed = feed(99.9, Duration.ofDays(30)).good(Duration.ofDays(1));
    SloEvaluation before = feed.evaluate();
    assertEquals(SloState.Healthy, before.state());
    SloEvaluation burning = feed.bad(Duration.ofMinutes(1)).evaluate();
    assertEquals(60 / 3600.0 / 0.001, burning.burnRates().get(BurnWindow.H1), 1e-6);
    assertTrue(burning.pages(), "16.7 over 1h and 200 over 5m");
    assertEquals(SloState.Burning, burning.state());
    SloEvaluation stopped = feed.good(Duration.ofMinutes(5)).evaluate();
    assertFalse(stopped.pages(), "the 5m window no longer burns");
    assertTrue(stopped.burnRates().get(BurnWindow.H1) > 14.4, "though the hour still does");
    assertEquals(SloState.Healthy, stopped.state());
  }

  @Test
  void aSlowBurnOpensATicketButDoesNotPage() {
    // 30 days at 99 %: 4 % bad is a burn rate of 4, above the ticket's 3 over 1d/2h, far below a page.
    Feed feed = feed(99, Duration.ofDays(30)).good(Duration.ofDays(3));
    feed.sample(Duration.ofDays(1), at -> at.getEpochSecond() % 250 < 10 ? SliSample.bad(1) : SliSample.good(1));
    SloEvaluation evaluation = feed.evaluate();
    double burn1d = evaluation.burnRates().get(BurnWindow.D1);
    assertTrue(burn1d > 3 && burn1d < 5, "burn over 1d " + burn1d);
    assertFalse(evaluation.pages());
    assertEquals(BurnAlert.Severity.TICKET, evaluation.firing().get(0).severity());
    assertEquals(SloState.Burning, evaluation.state());
  }

  @Test
  void aBurnRateOfOneFiresNothing() {
    // 1 % bad against a 99 % objective spends the budget exactly over the window: no alert.
    Feed feed = feed(99, Duration.ofDays(30));
    feed.sample(Duration.ofDays(4), at -> at.getEpochSecond() % 1000 < 10 ? SliSample.bad(1) : SliSample.good(1));
    SloEvaluation evaluation = feed.evaluate();
    assertEquals(1.0, evaluation.burnRates().get(BurnWindow.D3), 0.02);
    assertTrue(evaluation.firing().isEmpty(), evaluation.firing().toString());
    assertEquals(0.0, evaluation.errorBudgetRemaining(), 3, "spent at the pace of the window");
  }

  @Test
  void timeToExhaustionIsTheBudgetLeftAtTheHourlyBurn() {
    // 7 days at 99 %: after 1 bad minute in 100, the hour burns at 1; what is left lasts that share of 7 days.
    Feed feed = feed(99, Duration.ofDays(7)).good(Duration.ofMinutes(99)).bad(Duration.ofMinutes(1));
    SloEvaluation evaluation = feed.evaluate();
    double burn1h = evaluation.burnRates().get(BurnWindow.H1);
    assertEquals(60 / 3600.0 / 0.01, burn1h, 1e-9);
    double remaining = evaluation.errorBudgetRemaining() / 100;
    assertEquals(0.0, remaining, 1e-9, "1 % of 100 minutes is the whole budget of what was measured");
    Feed longer = feed(99, Duration.ofDays(7)).good(Duration.ofHours(10)).bad(Duration.ofMinutes(1));
    SloEvaluation later = longer.evaluate();
    double expected = later.errorBudgetRemaining() / 100 * Duration.ofDays(7).toSeconds()
        / later.burnRates().get(BurnWindow.H1);
    assertEquals(expected, later.timeToExhaustion().toSeconds(), 1);
  }

  @Test
  void gapsAndMissingSamplesCountAsNeitherGoodNorBad() {
    Feed feed = feed(99, Duration.ofDays(7)).good(Duration.ofMinutes(10));
    feed.jump(Duration.ofMinutes(20));
    SloEvaluation afterGap = feed.good(Duration.ofMinutes(10)).evaluate();
    assertEquals(Duration.ofMinutes(20).toSeconds() - STEP.toSeconds(), afterGap.window().total(), 1e-6,
        "the 20 minutes unobserved and the first interval after them are not counted");
    assertEquals(100.0, afterGap.compliance(), 1e-9);

    SloEvaluation missing = feed.sample(Duration.ofMinutes(10), at -> SliSample.missing()).evaluate();
    assertEquals(afterGap.window().total(), missing.window().total(), 1e-6);
    assertEquals(SloState.NoData, missing.state(), "the target does not report");
    assertEquals(100.0, missing.compliance(), 1e-9, "what was counted still shows");
  }

  @Test
  void aClockThatStepsBackCountsNothingTwice() {
    Feed feed = feed(99, Duration.ofDays(7)).good(Duration.ofMinutes(30));
    feed.jump(Duration.ofMinutes(-2));
    SloEvaluation after = feed.bad(Duration.ofMinutes(5)).evaluate();
    assertEquals(1800 + 180, after.window().total(), 1e-6,
        "the two re-lived minutes are not counted again; counting goes on from 30 minutes");
    assertEquals(180, after.window().bad(), 1e-6);
  }

  @Test
  void aClockThatJumpsFarBackCountsOnFromTheNewTime() {
    Feed feed = feed(99, Duration.ofDays(7)).bad(Duration.ofHours(1));
    feed.jump(Duration.ofDays(-1));
    SloEvaluation after = feed.good(Duration.ofMinutes(10)).evaluate();
    assertEquals(600 - STEP.toSeconds(), after.window().total(), 1e-6,
        "the first interval after the jump is not counted; the hour ahead of the clock is not seen yet");
    assertEquals(100.0, after.compliance(), 1e-9);
  }

  @Test
  void aClockThatJumpsForwardPastTheWindowForgetsTheOldWindow() {
    Feed feed = feed(99, Duration.ofDays(1)).bad(Duration.ofHours(2));
    feed.jump(Duration.ofDays(2));
    SloEvaluation evaluation = feed.good(Duration.ofHours(1)).evaluate();
    assertEquals(3600 - STEP.toSeconds(), evaluation.window().total(), 1e-6);
    assertEquals(100.0, evaluation.compliance(), 1e-9);
  }

  @Test
  void eventCountsCountEvents() {
    SloTracker tracker = new SloTracker(policy(99, Duration.ofDays(7), Budgeting.EVENT_COUNTS), MAX_GAP);
    tracker.record(START, SliSample.events(10, 10));
    tracker.record(START.plusSeconds(60), SliSample.events(8, 10));
    tracker.record(START.plusSeconds(600), SliSample.events(0, 0));
    SloEvaluation evaluation = tracker.evaluate(START.plusSeconds(600));
    assertEquals(20, evaluation.window().total(), 1e-9);
    assertEquals(90.0, evaluation.compliance(), 1e-9);
    assertEquals(100 * (1 - 0.1 / 0.01), evaluation.errorBudgetRemaining(), 1e-9);
    assertNull(evaluation.burnRates().get(BurnWindow.M5), "no checkpoint in the last 5 minutes");
    assertEquals(10.0, evaluation.burnRates().get(BurnWindow.H1), 1e-9);
  }

  @Test
  void memoryIsBoundedWhateverTheWindow() {
    for (Duration window : new Duration[] {Duration.ofDays(28), Duration.ofDays(365)}) {
      SloTracker tracker = new SloTracker(policy(99, window, Budgeting.TIME_SLICES), MAX_GAP);
      Instant now = START;
      for (int minute = 0; minute < window.toMinutes() + 600; minute++) {
        now = now.plusSeconds(60);
        tracker.record(now, SliSample.good(1));
      }
      assertTrue(tracker.buckets() <= 360 + 722, window + " keeps " + tracker.buckets() + " buckets");
      assertEquals(window.toSeconds(), tracker.evaluate(now).window().total(), 2 * 3600 * window.toDays() / 28.0);
    }
  }

  @Test
  void aSnapshotInJsonContinuesTheWindow() throws Exception {
    SloTracker tracker = new SloTracker(policy(99, Duration.ofDays(7), Budgeting.TIME_SLICES), MAX_GAP);
    Feed feed = new Feed(tracker, START, STEP).good(Duration.ofHours(8)).bad(Duration.ofMinutes(3));
    ObjectMapper json = JsonMapper.builder().findAndAddModules().build();
    String text = json.writeValueAsString(tracker.snapshot());
    HistorySnapshot read = json.readValue(text, HistorySnapshot.class);
    SloTracker restored = SloTracker.restore(tracker.policy(), MAX_GAP, read);
    assertEquals(SloState.NoData, restored.evaluate(feed.now()).state(), "until it samples again");
    restored.record(feed.now().plus(STEP), SliSample.bad(1));
    feed.bad(STEP);
    assertEquals(feed.evaluate(), restored.evaluate(feed.now()));
    SloTracker otherKind = SloTracker.restore(policy(99, Duration.ofDays(7), Budgeting.EVENT_COUNTS), MAX_GAP, read);
    assertEquals(SloState.NoData, otherKind.evaluate(feed.now()).state(), "seconds are not events");
  }

  @Test
  void aNewObjectiveAppliesToTheHistoryAtOnce() {
    SloTracker tracker = new SloTracker(policy(99, Duration.ofDays(7), Budgeting.TIME_SLICES), MAX_GAP);
    Feed feed = new Feed(tracker, START, STEP).good(Duration.ofMinutes(98)).bad(Duration.ofMinutes(2));
    assertEquals(SloState.Exhausted, feed.evaluate().state());
    tracker.policy(policy(95, Duration.ofDays(7), Budgeting.TIME_SLICES));
    assertEquals(60.0, feed.evaluate().errorBudgetRemaining(), 1e-9);
  }
}
