package dev.sluice.autoscaler.sim;

import dev.sluice.autoscaler.CheckpointMetrics;
import dev.sluice.autoscaler.Observation;
import dev.sluice.autoscaler.SourceMetrics;
import dev.sluice.autoscaler.VertexLoad;
import dev.sluice.observation.CheckpointStats;
import dev.sluice.observation.FlinkJobState;
import dev.sluice.observation.JobObservation;
import dev.sluice.observation.JobSummary;
import dev.sluice.observation.JobVertex;
import dev.sluice.observation.VertexMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Aggregates the seconds of one reporting interval into an observation, in one of four ways.
 *
 * <ul>
 *   <li>{@link Readings#COUNTERS}: from counters read at both ends of the interval, as the Flink
 *       Kubernetes Operator's autoscaler reads {@code numRecordsIn} and accumulated busy time: the
 *       exact averages over the interval (over the seconds the job ran).
 *   <li>{@link Readings#GAUGES}: Flink's per-second gauges. The record rate is a meter over the
 *       last {@link #RATE_WINDOW} seconds whose history starts at zero when the tasks start, so it
 *       lags a change of load and reads low for a minute after a (re)start; busy time is Flink 2's
 *       {@code TimerGauge}, an average over the last {@link #BUSY_WINDOW} seconds (over the seconds
 *       since the start until then), so it too lags a change of load by up to a minute. The arrival
 *       rate is the read rate plus the growth of the backlog since the last look. The backlog is the
 *       true one.
 *   <li>{@link Readings#RECORD_COUNTERS}: the record rate from Flink's records counters between two
 *       looks (exact over the interval), busy time from the gauge as above.
 *   <li>{@link Readings#OPERATOR}: as Sluice's operator reads a job, a {@link JobObservation} of what
 *       Flink's REST API answers ({@link #look}), which {@link OperatorLooks} turns into an
 *       observation with the operator's own classes.
 * </ul>
 *
 * <p>Flink's REST API answers with the metrics its job manager last fetched from the tasks, and it
 * fetches only when asked: a request starts a fetch if the last one is {@link
 * FlinkReporting#metricsFetchInterval} old, asynchronously, and is answered from what was stored
 * before ({@code MetricFetcherImpl.update}). So a look reads the metrics as of the fetch the look
 * before started: none before the first fetch or after one made while the tasks were restarting,
 * and right after a restart that no look saw, the old tasks'. The first three readings take the
 * backlog as it is at the look; {@link Readings#OPERATOR} reads Flink's {@code pendingRecords} as
 * fetched, and the consumer groups' lag as it is.
 */
final class MetricsReporter {

  /** How a policy reads the job's metrics. */
  enum Readings { COUNTERS, GAUGES, RECORD_COUNTERS, OPERATOR }

  static final int RATE_WINDOW = 60;
  /** {@code TimerGauge}'s default span: twelve five-second slots (flink-runtime 2.2). */
  static final int BUSY_WINDOW = 60;

  /** Reactive mode rescales a job in place: one job id for the whole run. */
  private static final String JOB_ID = "simulated-job";
  private static final Fetched NOTHING = new Fetched(0, 0, 0, 0, 0, 0, 0);

  private final int partitions;
  private final FlinkReporting reporting;
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
  private double processedSinceStart;
  private double busySinceStart;
  private Optional<Fetched> stored = Optional.empty();
  private long fetchedAt = Long.MIN_VALUE / 2;
  private double fetchedTotalAtLastLook;

  /**
   * What one fetch of the tasks' metrics found.
   *
   * @param processedTotal records processed over the whole run
   * @param recordsCounter Flink's records counter, which counts from zero when the tasks start
   * @param pendingRecords the sources' backlog gauge
   * @param busyCounter Flink's busy-time counter of the average subtask, in seconds, from zero when
   *     the tasks start
   */
  private record Fetched(double processedTotal, double recordsCounter, double rateGauge, double busy, double maxBusy,
      double pendingRecords, double busyCounter) {}

  MetricsReporter(int partitions, FlinkReporting reporting) {
    this.partitions = partitions;
    this.reporting = reporting;
  }

  void add(double arrivedRecords, Optional<PartitionedJob.Tick> tick) {
    arrived += arrivedRecords;
    seconds++;
    if (tick.isEmpty()) {
      // Restarted tasks start new meters and gauges.
      java.util.Arrays.fill(processedRing, 0);
      java.util.Arrays.fill(busyRing, 0);
      java.util.Arrays.fill(maxBusyRing, 0);
      ran = 0;
      processedSinceStart = 0;
      busySinceStart = 0;
    } else {
      PartitionedJob.Tick t = tick.get();
      processed += t.processed();
      processedTotal += t.processed();
      processedSinceStart += t.processed();
      busySinceStart += t.averageBusy();
      busySum += t.averageBusy();
      maxBusySum += t.maxBusy();
      runningSeconds++;
      processedRing[(int) (ran % RATE_WINDOW)] = t.processed();
      busyRing[(int) (ran % BUSY_WINDOW)] = t.averageBusy();
      maxBusyRing[(int) (ran % BUSY_WINDOW)] = t.maxBusy();
      ran++;
    }
    clock++;
  }

  /**
   * The metrics a look reads, fetching anew if the last fetch is old enough. A fetch while the
   * tasks have not run yet finds none: Flink answers only for the tasks of the current run.
   */
  private Optional<Fetched> read(PartitionedJob job) {
    Optional<Fetched> before = stored;
    if (clock - fetchedAt >= reporting.metricsFetchInterval().toSeconds()) {
      fetchedAt = clock;
      stored = ran == 0 ? Optional.empty() : Optional.of(fetch(job));
    }
    return reporting.metricsFetchInterval().isZero() ? stored : before;
  }

  private Fetched fetch(PartitionedJob job) {
    int busySeconds = (int) Math.min(BUSY_WINDOW, ran);
    double busy = sum(busyRing) / busySeconds;
    return new Fetched(processedTotal, processedSinceStart, sum(processedRing) / RATE_WINDOW, busy,
        Math.max(busy, sum(maxBusyRing) / busySeconds), job.lag(), busySinceStart);
  }

  /** A look at the job through Flink's REST API, as the operator takes it. */
  JobObservation look(Instant time, boolean running, PartitionedJob job, CheckpointStats checkpoints) {
    Optional<Fetched> metrics = read(job);
    JobVertex vertex = new JobVertex("pipeline", "pipeline", job.parallelism(), true, true);
    VertexMetrics vertexMetrics = metrics.map(fetched -> new VertexMetrics(vertex,
            OptionalDouble.of(fetched.busy() * 1000), OptionalDouble.of(fetched.maxBusy() * 1000),
            OptionalDouble.of(fetched.rateGauge()), OptionalDouble.of(fetched.rateGauge()),
            OptionalLong.of(Math.round(fetched.pendingRecords())),
            OptionalLong.of(Math.round(fetched.recordsCounter())),
            reporting.busyTimeCounter() ? OptionalDouble.of(fetched.busyCounter() * 1000) : OptionalDouble.empty()))
        .orElse(new VertexMetrics(vertex, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalDouble.empty(), OptionalLong.empty()));
    FlinkJobState state = running ? FlinkJobState.RUNNING : FlinkJobState.RESTARTING;
    return new JobObservation(new JobSummary(JOB_ID, "pipeline", state, Simulator.at(0)), OptionalLong.empty(),
        List.of(vertexMetrics), checkpoints, Optional.empty(), time);
  }

  Observation observe(Instant time, Optional<Instant> runningSince, PartitionedJob job,
      CheckpointMetrics checkpoints, Readings readings) {
    double rate;
    double busy;
    double maxBusy;
    double arrival;
    Optional<Fetched> read = read(job);
    Fetched fetched = read.orElse(NOTHING);
    if (readings == Readings.COUNTERS) {
      double perRunning = runningSeconds == 0 ? 0 : 1.0 / runningSeconds;
      rate = processed * perRunning;
      busy = busySum * perRunning;
      maxBusy = maxBusySum * perRunning;
      arrival = arrived / seconds;
    } else {
      rate = readings == Readings.GAUGES ? fetched.rateGauge()
          : runningSeconds == 0 || read.isEmpty() ? 0
              : (fetched.processedTotal() - fetchedTotalAtLastLook) / runningSeconds;
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
    read.ifPresent(fetchedNow -> fetchedTotalAtLastLook = fetchedNow.processedTotal());
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
