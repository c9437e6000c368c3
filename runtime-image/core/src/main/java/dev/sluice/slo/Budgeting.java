package dev.sluice.slo;

/**
 * How an SLO counts. Time slices (freshness, lag, availability): each second between two samples
 * is good or bad as the later sample says. Event counts (checkpoint success, quality pass rate):
 * each sample carries how many events were good out of how many since the previous one.
 */
public enum Budgeting {
  TIME_SLICES, EVENT_COUNTS
}
