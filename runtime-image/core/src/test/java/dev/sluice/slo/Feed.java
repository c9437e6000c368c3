package dev.sluice.slo;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/** Drives a tracker with a sample every {@code step}, as the operator's observations would. */
final class Feed {

  private final SloTracker tracker;
  private final Duration step;
  private Instant now;

  Feed(SloTracker tracker, Instant start, Duration step) {
    this.tracker = tracker;
    this.now = start;
    this.step = step;
    tracker.record(start, SliSample.good(0));
  }

  /** Samples for {@code span} after the current time, each as {@code sample} says at its instant. */
  Feed sample(Duration span, Function<Instant, SliSample> sample) {
    Instant end = now.plus(span);
    while (now.isBefore(end)) {
      now = now.plus(step);
      tracker.record(now, sample.apply(now));
    }
    return this;
  }

  Feed good(Duration span) {
    return sample(span, at -> SliSample.good(1));
  }

  Feed bad(Duration span) {
    return sample(span, at -> SliSample.bad(1));
  }

  /** Moves the clock without sampling. */
  Feed jump(Duration by) {
    now = now.plus(by);
    return this;
  }

  Instant now() {
    return now;
  }

  SloEvaluation evaluate() {
    return tracker.evaluate(now);
  }
}
