package dev.sluice.slo;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an SLO's tracker must keep across a restart: its buckets, when it last sampled, and the
 * source's cumulative counters (checkpoints completed, rows, violations) the next sample's
 * counts are taken from. Plain values, for JSON.
 */
public record HistorySnapshot(Budgeting budgeting, Instant lastSample, List<Bucket> buckets,
    Map<String, Double> counters) {

  public HistorySnapshot {
    buckets = buckets == null ? List.of() : List.copyOf(buckets);
    counters = counters == null ? Map.of() : Map.copyOf(counters);
  }
}
