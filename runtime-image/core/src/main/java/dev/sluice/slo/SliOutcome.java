package dev.sluice.slo;

/** What one sample says about the indicator: good, bad, or not known (it counts as neither). */
public enum SliOutcome {
  GOOD, BAD, MISSING
}
