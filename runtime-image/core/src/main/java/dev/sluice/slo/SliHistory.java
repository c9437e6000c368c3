package dev.sluice.slo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bounded history of good and total counts for one SLO. Counts land in one-minute buckets; a
 * bucket older than six hours is folded into a coarse bucket of one hour, or of window ÷ 720
 * rounded up to whole hours for windows over 30 days, so that no SLO keeps more than 360 fine
 * and about 720 coarse buckets. Buckets that end before the window are dropped. Windows up to 6h
 * are thus exact to the minute, longer ones to the coarse width at their oldest edge.
 */
public final class SliHistory {

  static final long FINE_SECONDS = 60;
  static final long FINE_SPAN_SECONDS = Duration.ofHours(6).toSeconds();
  private static final long HOUR = 3600;
  private static final long MAX_COARSE_BUCKETS = 720;

  private final TreeMap<Long, Bucket> fine = new TreeMap<>();
  private final TreeMap<Long, Bucket> coarse = new TreeMap<>();
  private long windowSeconds;

  public SliHistory(Duration window) {
    this.windowSeconds = window.toSeconds();
  }

  /** A history holding {@code buckets}: the fine ones are those no wider than a minute. */
  static SliHistory of(Duration window, List<Bucket> buckets) {
    SliHistory history = new SliHistory(window);
    for (Bucket bucket : buckets) {
      (bucket.end() - bucket.start() <= FINE_SECONDS ? history.fine : history.coarse).put(bucket.start(), bucket);
    }
    return history;
  }

  void window(Duration window) {
    this.windowSeconds = window.toSeconds();
  }

  /** Adds the seconds from {@code from} to {@code to}, all good or all bad, split at minute boundaries. */
  void addTime(Instant from, Instant to, boolean good) {
    long fromMillis = from.toEpochMilli();
    long toMillis = to.toEpochMilli();
    while (fromMillis < toMillis) {
      long slot = Math.floorDiv(fromMillis, FINE_SECONDS * 1000) * FINE_SECONDS;
      long slotEndMillis = Math.min(toMillis, (slot + FINE_SECONDS) * 1000);
      double seconds = (slotEndMillis - fromMillis) / 1000.0;
      add(slot, good ? seconds : 0, seconds);
      fromMillis = slotEndMillis;
    }
  }

  void addEvents(Instant at, double good, double total) {
    if (total > 0) {
      add(Math.floorDiv(at.getEpochSecond(), FINE_SECONDS) * FINE_SECONDS, good, total);
    }
  }

  private void add(long slot, double good, double total) {
    fine.merge(slot, new Bucket(slot, slot + FINE_SECONDS, good, total),
        (old, added) -> old.plus(added.good(), added.total()));
  }

  /** Folds fine buckets older than six hours into coarse ones and drops what ends before the window. */
  void compact(Instant now) {
    long nowSeconds = now.getEpochSecond();
    long coarseWidth = coarseWidth();
    while (!fine.isEmpty() && fine.firstEntry().getValue().end() <= nowSeconds - FINE_SPAN_SECONDS) {
      Bucket old = fine.pollFirstEntry().getValue();
      long slot = Math.floorDiv(old.start(), coarseWidth) * coarseWidth;
      coarse.merge(slot, new Bucket(slot, old.end(), old.good(), old.total()),
          (kept, added) -> new Bucket(kept.start(), Math.max(kept.end(), added.end()),
              kept.good() + added.good(), kept.total() + added.total()));
    }
    long oldest = nowSeconds - windowSeconds;
    dropBefore(fine, oldest);
    dropBefore(coarse, oldest);
  }

  private static void dropBefore(TreeMap<Long, Bucket> tier, long oldest) {
    while (!tier.isEmpty() && tier.firstEntry().getValue().end() <= oldest) {
      tier.pollFirstEntry();
    }
  }

  /** Good and total counts from {@code now - span} to {@code now}. */
  Counts sum(Instant now, Duration span) {
    long to = now.getEpochSecond() + 1;
    long from = now.getEpochSecond() - span.toSeconds();
    double good = 0;
    double total = 0;
    for (Map<Long, Bucket> tier : List.of(coarse, fine)) {
      for (Bucket bucket : tier.values()) {
        double share = bucket.share(from, to);
        good += bucket.good() * share;
        total += bucket.total() * share;
      }
    }
    return new Counts(good, total);
  }

  List<Bucket> buckets() {
    List<Bucket> all = new ArrayList<>(coarse.values());
    all.addAll(fine.values());
    return all;
  }

  int size() {
    return fine.size() + coarse.size();
  }

  private long coarseWidth() {
    long hours = Math.max(1, (windowSeconds + MAX_COARSE_BUCKETS * HOUR - 1) / (MAX_COARSE_BUCKETS * HOUR));
    return hours * HOUR;
  }

  /** Good and total, in seconds for time slices and in events for event counts. */
  public record Counts(double good, double total) {

    public double bad() {
      return total - good;
    }

    /** Bad over total, or NaN with nothing counted. */
    public double errorRatio() {
      return total > 0 ? bad() / total : Double.NaN;
    }
  }
}
