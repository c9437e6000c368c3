package dev.sluice.slo;

import dev.sluice.api.slo.SloState;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one SLO's samples into its figures. With time slices, the time since the previous
 * sample counts as the new sample says: a freshness seen stale now was stale since the last look.
 * Time that cannot be vouched for counts as neither good nor bad: before the first sample, a
 * missing sample's interval, a gap longer than {@code maxGap} (the operator was down, or the
 * clock jumped forward), and time the clock re-lives after going back. Event counts count
 * where they are sampled. After a restart, the state is NoData until the first new sample.
 */
public final class SloTracker {

  private SloPolicy policy;
  private final Duration maxGap;
  private final SliHistory history;
  private final Map<String, Double> counters = new HashMap<>();
  private Instant lastSample;
  private SliOutcome lastOutcome = SliOutcome.MISSING;
  private Double lastValue;

  /**
   * The longest gap between two samples that still counts when samples come every {@code interval}:
   * a few missed observations are vouched for; a longer silence (the evaluator was down) is not.
   */
  public static Duration maxGap(Duration interval) {
    Duration fewLooks = interval.multipliedBy(4);
    return fewLooks.compareTo(Duration.ofMinutes(2)) > 0 ? fewLooks : Duration.ofMinutes(2);
  }

  public SloTracker(SloPolicy policy, Duration maxGap) {
    this.policy = policy;
    this.maxGap = maxGap;
    this.history = new SliHistory(policy.window());
  }

  /** A tracker that goes on from {@code snapshot}, or starts empty when it counted another way. */
  public static SloTracker restore(SloPolicy policy, Duration maxGap, HistorySnapshot snapshot) {
    if (snapshot == null || snapshot.budgeting() != policy.budgeting()) {
      return new SloTracker(policy, maxGap);
    }
    SloTracker tracker = new SloTracker(policy, maxGap, SliHistory.of(policy.window(), snapshot.buckets()));
    tracker.lastSample = snapshot.lastSample();
    tracker.counters.putAll(snapshot.counters());
    return tracker;
  }

  private SloTracker(SloPolicy policy, Duration maxGap, SliHistory history) {
    this.policy = policy;
    this.maxGap = maxGap;
    this.history = history;
  }

  public SloPolicy policy() {
    return policy;
  }

  /** A new objective, window or alerting applies to the history already counted. */
  public void policy(SloPolicy changed) {
    this.policy = changed;
    history.window(changed.window());
  }

  /** The source's cumulative counters as of the previous sample. */
  public Map<String, Double> counters() {
    return Map.copyOf(counters);
  }

  private void counters(Map<String, Double> latest) {
    counters.clear();
    counters.putAll(latest);
  }

  /** Counts {@code reading}'s sample, taken at {@code now}, and keeps its counters for the next; returns what it added. */
  public SliHistory.Counts record(Instant now, SliReading reading) {
    SliHistory.Counts added = record(now, reading.sample());
    counters(reading.counters());
    return added;
  }

  /** Counts {@code sample}, taken at {@code now}; returns what it added, for metrics. */
  public SliHistory.Counts record(Instant now, SliSample sample) {
    Instant previous = lastSample;
    // A small step back keeps the latest instant counted, so nothing is counted twice; a step back
    // longer than maxGap means that instant was wrong, and counting starts again from now.
    boolean forward = previous == null || now.isAfter(previous);
    if (forward || Duration.between(now, previous).compareTo(maxGap) > 0) {
      lastSample = now;
    }
    lastOutcome = sample.outcome();
    lastValue = sample.value();
    SliHistory.Counts added = new SliHistory.Counts(0, 0);
    if (sample.outcome() != SliOutcome.MISSING) {
      if (policy.budgeting() == Budgeting.EVENT_COUNTS) {
        history.addEvents(now, sample.good(), sample.total());
        added = new SliHistory.Counts(sample.good(), sample.total());
      } else if (previous != null && forward && Duration.between(previous, now).compareTo(maxGap) <= 0) {
        boolean good = sample.outcome() == SliOutcome.GOOD;
        history.addTime(previous, now, good);
        double seconds = Duration.between(previous, now).toMillis() / 1000.0;
        added = new SliHistory.Counts(good ? seconds : 0, seconds);
      }
    }
    history.compact(now);
    return added;
  }

  public SloEvaluation evaluate(Instant now) {
    double allowed = policy.allowedErrorRatio();
    SliHistory.Counts window = history.sum(now, policy.window());
    Map<BurnWindow, Double> burnRates = new EnumMap<>(BurnWindow.class);
    for (BurnWindow burn : BurnWindow.values()) {
      double ratio = burn.span().compareTo(policy.window()) <= 0
          ? history.sum(now, burn.span()).errorRatio() : Double.NaN;
      if (!Double.isNaN(ratio)) {
        burnRates.put(burn, ratio / allowed);
      }
    }
    List<BurnAlert> firing = policy.alerts().stream()
        .filter(alert -> alert.holds(burnRates.get(alert.longWindow()), burnRates.get(alert.shortWindow())))
        .toList();
    if (window.total() <= 0) {
      return new SloEvaluation(SloState.NoData, lastValue, null, null, burnRates, null, firing, window);
    }
    double compliance = 100 * window.good() / window.total();
    double remaining = 100 * (1 - window.errorRatio() / allowed);
    Double burn1h = burnRates.get(BurnWindow.H1);
    Duration exhaustion = burn1h == null || burn1h <= 0 || remaining <= 0 ? null
        : Duration.ofMillis(Math.round(remaining / 100 * policy.window().toMillis() / burn1h));
    SloState state;
    if (lastOutcome == SliOutcome.MISSING) {
      state = SloState.NoData;
    } else if (remaining <= 0) {
      state = SloState.Exhausted;
    } else if (!firing.isEmpty()) {
      state = SloState.Burning;
    } else {
      state = SloState.Healthy;
    }
    return new SloEvaluation(state, lastValue, compliance, remaining, burnRates, exhaustion, firing, window);
  }

  public HistorySnapshot snapshot() {
    return new HistorySnapshot(policy.budgeting(), lastSample, history.buckets(), counters);
  }

  /** Buckets held, for the bound on memory. */
  int buckets() {
    return history.size();
  }
}
