package dev.sluice.autoscaler.sim;

import java.time.Duration;
import java.util.Locale;

/**
 * How a real Flink job reports itself less directly than the simulated job does, and which of its
 * metrics the operator reads, as explicit parameters of a run.
 *
 * @param metricsFetchInterval how often the job manager fetches the tasks' metrics for its REST
 *     API ({@code metrics.fetcher.update-interval}, 10 s by default). A fetch happens only when a
 *     request asks for metrics and the last one is that old, and the request is answered from the
 *     fetch before (MetricsReporter), so a look reads the metrics of the look before; zero reads
 *     them as they are at the look
 * @param busyOverhead the fraction of every second each subtask is busy with work that is not
 *     reading records (a transactional sink's work at each checkpoint, the checkpoints
 *     themselves): Flink counts it as busy time and it is not available for records, so at a low
 *     load the record rate divided by busy time underestimates what a subtask does
 * @param busyTimeCounter whether the operator reads busy time from Flink's counter ({@code
 *     accumulateBusyTimeMs}) between two looks, as it does since 5 December, rather than from the
 *     one-minute gauge, as it did in the real runs set beside the simulator
 */
record FlinkReporting(Duration metricsFetchInterval, double busyOverhead, boolean busyTimeCounter) {

  /** Flink's {@code metrics.fetcher.update-interval} unless a deployment sets it. */
  static final Duration FLINK_DEFAULT_FETCH_INTERVAL = Duration.ofSeconds(10);

  /**
   * What the twelve traces run with: metrics as of the second they are read, busy only with
   * records, busy time from the counter.
   */
  static final FlinkReporting IMMEDIATE = new FlinkReporting(Duration.ZERO, 0, true);

  FlinkReporting {
    if (metricsFetchInterval.isNegative() || busyOverhead < 0 || busyOverhead >= 1) {
      throw new IllegalArgumentException("a fetch interval of at least 0 and an overhead in [0, 1)");
    }
  }

  /** The same, but for where the operator reads busy time from. */
  FlinkReporting withBusyTimeCounter(boolean value) {
    return new FlinkReporting(metricsFetchInterval, busyOverhead, value);
  }

  /** The parameters, in words. */
  String describe() {
    return String.format(Locale.ROOT, "%s, busy overhead %.2f, busy time from the %s", metricsFetchInterval.isZero()
        ? "metrics as of the look"
        : "metrics fetched on demand, at most every " + metricsFetchInterval.toMillis() / 1000.0 + "s",
        busyOverhead, busyTimeCounter ? "counter" : "one-minute gauge");
  }
}
