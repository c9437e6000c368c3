package dev.sluice.slo;

/**
 * One observation of an indicator.
 *
 * @param outcome good, bad or missing; for event counts, GOOD when no event in it was bad
 * @param good events that were good since the previous sample (event counts only)
 * @param total events since the previous sample (event counts only)
 * @param value the indicator's own figure for status (seconds, or a ratio), or null when unknown
 */
public record SliSample(SliOutcome outcome, double good, double total, Double value) {

  public static SliSample good(double value) {
    return new SliSample(SliOutcome.GOOD, 0, 0, value);
  }

  public static SliSample bad(double value) {
    return new SliSample(SliOutcome.BAD, 0, 0, value);
  }

  public static SliSample missing() {
    return new SliSample(SliOutcome.MISSING, 0, 0, null);
  }

  /** A time slice that is good when {@code value} is at most {@code bound}. */
  public static SliSample atMost(double value, double bound) {
    return value <= bound ? good(value) : bad(value);
  }

  /** {@code good} of {@code total} events were good; the value is their ratio, or null without events. */
  public static SliSample events(double good, double total) {
    if (total <= 0) {
      return new SliSample(SliOutcome.GOOD, 0, 0, null);
    }
    return new SliSample(good < total ? SliOutcome.BAD : SliOutcome.GOOD, good, total, good / total);
  }
}
