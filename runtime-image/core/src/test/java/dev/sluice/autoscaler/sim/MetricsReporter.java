package dev.sluice.autoscaler.sim;

import dev.sluice.autoscaler.CheckpointMetrics;
import dev.sluice.autoscaler.Observation;
import dev.sluice.autoscaler.SourceMetrics;
import dev.sluice.autoscaler.VertexLoad;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Aggregates the seconds of one reporting interval into an observation, in one of two ways.
 *
 * <ul>
 *   <li>{@link Readings#COUNTERS}: from counters read at both ends of the interval, as the Flink
 *       Kubernetes Operator's autoscaler reads {@code numRecordsIn} and accumulated busy time: the
 *       exact averages over the interval (over the seconds the job ran).
 *   <li>{@link Readings#GAUGES}: Flink's per-second gauges, as Sluice's operator reads them. The
 *       record rate is a meter over the last {@link #RATE_WINDOW} seconds whose history starts at
 *       zero when the tasks start, so it lags a change of load and reads low for a minute after a
 *       (re)start; busy time covers the last {@link #BUSY_WINDOW} seconds. The arrival rate is the
 *       read rate plus the growth of the backlog since the last look, as the observation mapping
 *       derives it. The backlog is the true one, checked as the consumer groups' offsets check it.
 *   <li>{@link Readings#RECORD_COUNTERS}: as Sluice's operator reads a job now, the record rate from
 *       Flink's records counters between two looks (exact over the interval), busy time from the
 *       gauge as above.
 * </ul>
 *
 * <p>The gauges and the records counter are read as the job manager last fetched them, every
 * {@link FlinkReporting#metricsFetchInterval}; the backlog is read as it is at the look.
 */
final class MetricsReporter {

  /** How a policy reads the job's metrics. */
  enum Readings { COUNTERS, GAUGES, RECORD_COUNTERS }

  static final int RATE_WINDOW = 60;
  static final int BUSY_WINDOW = 5;

  private final int partitions;
  private final long fetchEvery;
  private final double[] processedRing = new double[RATE_WINDOW];
  private final double[] busyRing = new double[BUSY_WINDOW];
  private final double[] maxBusyRing = new double[BUSY_WINDOW];
  private long ran;
  private double arrived;
  private double processed;
  private double busySum;
  private double maxBusySum;
  private int seconds;
  private int runningSeconds;
  private double lagAtLastLook;
  private long clock;
  private double processedTotal;
  private Fetched fetched = new Fetched(0, 0, 0, 0);
  private double fetchedTotalAtLastLook;

  /** What the job manager's metric fetcher last read: the records counter and the gauges. */
  private record Fetched(double processedTotal, double rateGauge, double busy, double maxBusy) {}

  MetricsReporter(int partitions, FlinkReporting reporting) {
    this.partitions = partitions;
    this.fetchEvery = reporting.fetchEverySeconds();
  }

  void add(double arrivedRecords, Optional<PartitionedJob.Tick> tick) {
    arrived += arrivedRecords;
    seconds++;
    if (tick.isEmpty()) {
      // Restarted tasks start new meters.
      java.util.Arrays.fill(processedRing, 0);
      ran = 0;
    } else {
      PartitionedJob.Tick t = tick.get();
      processed += t.processed();
      processedTotal += t.processed();
      busySum += t.averageBusy();
      maxBusySum += t.maxBusy();
      runningSeconds++;
      processedRing[(int) (ran % RATE_WINDOW)] = t.processed();
      busyRing[(int) (ran % BUSY_WINDOW)] = t.averageBusy();
      maxBusyRing[(int) (ran % BUSY_WINDOW)] = t.maxBusy();
      ran++;
    }
    if (++clock % fetchEvery == 0) {
      int busySeconds = (int) Math.min(BUSY_WINDOW, ran);
      double busy = busySeconds == 0 ? 0 : sum(busyRing) / busySeconds;
      fetched = new Fetched(processedTotal, sum(processedRing) / RATE_WINDOW, busy,
          busySeconds == 0 ? 0 : Math.max(busy, sum(maxBusyRing) / busySeconds));
    }
  }

  Observation observe(Instant time, Optional<Instant> runningSince, PartitionedJob job,
      CheckpointMetrics checkpoints, Readings readings) {
    double rate;
    double busy;
    double maxBusy;
    double arrival;
    if (readings == Readings.COUNTERS) {
      double perRunning = runningSeconds == 0 ? 0 : 1.0 / runningSeconds;
      rate = processed * perRunning;
      busy = busySum * perRunning;
      maxBusy = maxBusySum * perRunning;
      arrival = arrived / seconds;
    } else {
      rate = readings == Readings.GAUGES ? fetched.rateGauge()
          : runningSeconds == 0 ? 0 : (fetched.processedTotal() - fetchedTotalAtLastLook) / runningSeconds;
      busy = fetched.busy();
      maxBusy = fetched.maxBusy();
      arrival = Math.max(0, rate + (job.lag() - lagAtLastLook) / seconds);
    }
    Observation observation = new Observation(
        time,
        runningSince,
        job.parallelism(),
        partitions,
        List.of(new SourceMetrics("events", job.lag(), arrival, true)),
        List.of(new VertexLoad("pipeline", true, rate, Math.min(busy, 1), Math.min(maxBusy, 1))),
        checkpoints);
    lagAtLastLook = job.lag();
    fetchedTotalAtLastLook = fetched.processedTotal();
    arrived = 0;
    processed = 0;
    busySum = 0;
    maxBusySum = 0;
    seconds = 0;
    runningSeconds = 0;
    return observation;
  }

  private static double sum(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum;
  }
}
