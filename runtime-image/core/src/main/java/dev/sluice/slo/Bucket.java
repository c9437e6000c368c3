package dev.sluice.slo;

/**
 * Good and total counts (seconds or events) recorded from {@code start} to {@code end}, epoch
 * seconds. A query whose start falls inside a bucket takes that share of its counts, as if they
 * were spread evenly; the newest bucket counts whole, and a bucket that starts after the query's
 * end (written before the clock went back) not at all.
 */
public record Bucket(long start, long end, double good, double total) {

  Bucket plus(double moreGood, double moreTotal) {
    return new Bucket(start, end, good + moreGood, total + moreTotal);
  }

  double share(long from, long to) {
    if (start >= to || end <= from) {
      return 0;
    }
    return start >= from ? 1 : (double) (end - from) / (end - start);
  }
}
