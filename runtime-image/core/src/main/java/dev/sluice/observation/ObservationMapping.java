package dev.sluice.observation;

import dev.sluice.autoscaler.RateWindow;
import dev.sluice.autoscaler.SourceLayout;
import dev.sluice.autoscaler.CheckpointMetrics;
import dev.sluice.autoscaler.Observation;
import dev.sluice.autoscaler.SourceMetrics;
import dev.sluice.observation.CheckpointStats;
import dev.sluice.observation.CompletedCheckpoint;
import dev.sluice.observation.FlinkJobState;
import dev.sluice.observation.JobObservation;
import dev.sluice.observation.VertexMetrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Turns two successive looks at a Flink job into the autoscaler's {@link Observation}. A source's
 * arrival rate is what it read per second plus how fast its backlog grew between the two looks
 * (never below zero); the backlog is the sources' {@code pendingRecords}, or more where the Kafka
 * consumer groups show more than checkpoint timing explains; a backlog the groups were read against
 * counts as checked, so that a zero means nothing waits. Every figure must have
 * been reported: a metric Flink has not reported yet makes the autoscaler wait, it never counts
 * as zero. A source that is not Kafka (generated data) has no backlog and counts as none.
 *
 * <p>Flink updates busy time and rates every five seconds, and they read zero until the first
 * update after the tasks start, so a job that has not run at its parallelism for {@link
 * #METRICS_WARM_UP} yet is not measured. Flink's per-second rates are averages over a minute that
 * counts from nothing at the start, so they read low for the first minute after a (re)start and
 * lag behind a change of load by up to a minute, and its busy time is a gauge over the last minute
 * as well, counted from the start (flink-runtime 2.2's {@code TimerGauge}): the two do not cancel
 * out, and a rate divided by busy time right after a start, or after the load changed, misjudges
 * a subtask several times over. So a vertex's record rate is the difference of its records counter
 * between the two looks, divided by the time between them, and its average busy fraction the
 * difference of its busy-time counter over the same time, wherever both looks report the counter;
 * the gauges are the fallback, and a job whose rates come from them is not measured before it has
 * run for Flink's rate window ({@link RateWindow}). Busy time read from the gauge held a pod at
 * two subtasks for three looks after its load fell, each reading a subtask that does 190 records/s
 * as one doing 3 to 9.
 */
public final class ObservationMapping {

  /** Observations closer together than this measure the change in backlog too coarsely. */
  public static final Duration SHORTEST_SPAN = Duration.ofSeconds(1);
  /** Two of Flink's five-second metric updates: the first reads zero for tasks that just started. */
  public static final Duration METRICS_WARM_UP = Duration.ofSeconds(10);

  private ObservationMapping() {
  }

  /** An observation for the autoscaler, or what it still lacks, in words. */
  public record Mapped(Optional<Observation> observation, String lacking) {

    static Mapped of(Observation observation) {
      return new Mapped(Optional.of(observation), "");
    }

    static Mapped lacking(String what) {
      return new Mapped(Optional.empty(), what);
    }
  }

  /**
   * @param previous the look before, of the same job running at the same parallelism; anything
   *     else cannot tell how the backlog changed
   */
  public static Mapped map(JobObservation current, Optional<JobObservation> previous, MappingInputs inputs) {
    Optional<String> lacking = lacking(current, previous, inputs.sources(), inputs.runningSince());
    if (lacking.isPresent()) {
      return Mapped.lacking(lacking.get());
    }
    JobObservation before = previous.orElseThrow();
    double seconds = Duration.between(before.observedAt(), current.observedAt()).toMillis() / 1000.0;
    boolean checked = inputs.committedLag().isPresent() && lastCommit(current).isPresent();
    List<SourceMetrics> sources = withCommittedLag(sources(current)
        .map(source -> source(source, before, seconds, checked))
        .toList(), current, before, seconds, inputs.committedLag(), inputs.committedLagBefore());
    List<dev.sluice.autoscaler.VertexLoad> vertices =
        current.vertices().stream().map(vertex -> vertex(vertex, before, seconds)).toList();
    return Mapped.of(new Observation(current.observedAt(), Optional.of(inputs.runningSince()),
        current.parallelism(), inputs.sources().partitions(), sources, vertices, checkpoints(current, inputs)));
  }

  /** Whether {@code before} and {@code current} see the same job running at the same parallelism. */
  public static boolean comparable(JobObservation before, JobObservation current) {
    return before.job().id().equals(current.job().id())
        && before.job().state() == FlinkJobState.RUNNING && current.job().state() == FlinkJobState.RUNNING
        && before.parallelism() == current.parallelism();
  }

  private static Optional<String> lacking(JobObservation current, Optional<JobObservation> previous,
      SourceLayout layout, Instant runningSince) {
    if (current.job().state() != FlinkJobState.RUNNING) {
      return Optional.of("the job to run; it is " + current.job().state());
    }
    if (previous.filter(before -> comparable(before, current)).isEmpty()) {
      return Optional.of("a second look at the job running at parallelism " + current.parallelism()
          + ", to measure how the backlog changes");
    }
    if (Duration.between(runningSince, current.observedAt()).compareTo(METRICS_WARM_UP) < 0) {
      return Optional.of("the job to run at parallelism " + current.parallelism() + " for "
          + METRICS_WARM_UP.toSeconds() + "s; Flink's first metrics of new tasks read zero");
    }
    JobObservation before = previous.get();
    Duration span = Duration.between(before.observedAt(), current.observedAt());
    if (span.compareTo(SHORTEST_SPAN) < 0) {
      return Optional.of("looks at least " + SHORTEST_SPAN.toSeconds() + "s apart; the last two were "
          + span.toMillis() + " ms apart");
    }
    for (VertexMetrics vertex : current.vertices()) {
      OptionalLong earlier = earlierCount(vertex, before);
      if (vertex.recordsInCount().isPresent() && earlier.isPresent()
          && vertex.recordsInCount().getAsLong() < earlier.getAsLong()) {
        return Optional.of("a second look since the tasks of '" + vertex.vertex().name() + "' restarted: its"
            + " records counter went down from " + earlier.getAsLong() + " to " + vertex.recordsInCount().getAsLong()
            + ", so the look before read the old tasks' metrics");
      }
    }
    List<VertexMetrics> sources = sources(current).toList();
    if (sources.isEmpty()) {
      return Optional.of("a source vertex in the job graph");
    }
    long reporting = sources.stream().filter(source -> source.pendingRecords().isPresent()).count();
    if (reporting < Math.min(layout.kafkaInputs(), sources.size())) {
      return Optional.of("the backlog (pendingRecords) of every Kafka source; " + reporting + " of "
          + layout.kafkaInputs() + " report it");
    }
    for (VertexMetrics source : sources) {
      if (source.pendingRecords().isPresent() && backlog(before, source).isEmpty()) {
        return Optional.of("the backlog of '" + source.vertex().name() + "' at the previous look");
      }
    }
    Optional<String> missing = current.vertices().stream()
        .filter(vertex -> vertex.recordsInPerSecond().isEmpty() || vertex.averageBusyTimeMsPerSecond().isEmpty()
            || vertex.maxBusyTimeMsPerSecond().isEmpty())
        .findFirst()
        .map(vertex -> "the record rate and busy time of '" + vertex.vertex().name() + "'");
    if (missing.isPresent() || current.vertices().stream().allMatch(vertex -> counted(vertex, before))) {
      return missing;
    }
    return RateWindow.tooYoung(Duration.between(runningSince, current.observedAt()), current.parallelism());
  }

  /** Whether both looks report the vertex's records counter, so its rate need not come from the gauge. */
  private static boolean counted(VertexMetrics vertex, JobObservation before) {
    return vertex.recordsInCount().isPresent() && earlierCount(vertex, before).isPresent();
  }

  /**
   * @param groupsChecked whether the consumer groups' lag was read with a completed checkpoint to
   *     compare it with, which checks the backlog of every source reporting pendingRecords
   */
  private static SourceMetrics source(VertexMetrics source, JobObservation before, double seconds,
      boolean groupsChecked) {
    double read = recordsPerSecond(source, before, seconds);
    if (source.pendingRecords().isEmpty()) {
      return new SourceMetrics(source.vertex().name(), 0, read);
    }
    long backlog = source.pendingRecords().getAsLong();
    double growth = (backlog - backlog(before, source).getAsLong()) / seconds;
    return new SourceMetrics(source.vertex().name(), backlog, Math.max(0, read + growth), groupsChecked);
  }

  /**
   * A Kafka source's pendingRecords can read far below the truth: when the job cannot keep up, its
   * fetcher waits on a full queue and the gauge stops moving. The consumer groups' lag, from the
   * offsets committed when a checkpoint completes, trails the truth by at most what the job read
   * since that checkpoint was triggered; whatever it shows beyond that and beyond what the sources
   * report is backlog Flink does not show, and goes to the source reporting the most. Without a
   * completed checkpoint, nothing tells how much of the groups' lag is already read.
   */
  private static List<SourceMetrics> withCommittedLag(List<SourceMetrics> sources, JobObservation current,
      JobObservation before, double seconds, OptionalLong committedLag, OptionalLong committedLagBefore) {
    Optional<Instant> lastCommit = lastCommit(current);
    if (committedLag.isEmpty() || lastCommit.isEmpty() || sources.isEmpty()) {
      return sources;
    }
    double read = sources(current).mapToDouble(source -> recordsPerSecond(source, before, seconds)).sum();
    double sinceCommit = Math.max(0, Duration.between(lastCommit.get(), current.observedAt()).toMillis() / 1000.0);
    double withinSpan = Math.min(sinceCommit, seconds);
    // Before the look before, the job may have read faster, as while draining a backlog; reading too
    // little into that time would show a backlog that is not there, so it is read at the higher of
    // the rate since and the one-minute rate Flink reported then.
    double readEarlier = Math.max(read, sources(before)
        .mapToDouble(source -> source.recordsInPerSecond().orElse(0)).sum());
    double readSinceCommit = read * withinSpan + readEarlier * (sinceCommit - withinSpan);
    double reported = sources.stream().mapToDouble(SourceMetrics::lag).sum();
    double hidden = committedLag.getAsLong() - readSinceCommit - reported;
    if (hidden <= 0) {
      return sources;
    }
    // A hidden backlog smaller than what one span reads is within the estimate's error, and says
    // nothing of a source that stopped reporting.
    double hiddenArrivals = hidden <= read * seconds ? 0 : Math.max(0,
        groupArrivals(lastCommit.get(), before, seconds, read, committedLag.getAsLong(), committedLagBefore)
            - sources.stream().mapToDouble(SourceMetrics::arrivalRate).sum());
    SourceMetrics most = sources.stream().max(Comparator.comparingDouble(SourceMetrics::lag)).orElseThrow();
    return sources.stream()
        .map(source -> source != most ? source
            : new SourceMetrics(source.name(), source.lag() + Math.round(hidden), source.arrivalRate() + hiddenArrivals,
                source.lagChecked()))
        .toList();
  }

  /**
   * Records per second arriving, as the consumer groups tell, or 0 where they cannot. A source that
   * hides its backlog hides its growth too, so arrivals measured from pendingRecords fall short
   * (a spike of 600 records/s read as 230). The groups' lag grows by what arrives less what the job
   * commits, and what it commits from one completed checkpoint to the next is what it read between
   * their triggers: arrivals = (the lag's growth + the records read between the two checkpoints)
   * over the time between the looks.
   */
  private static double groupArrivals(Instant commit, JobObservation before, double seconds, double read,
      long committedLag, OptionalLong committedLagBefore) {
    Optional<Instant> commitBefore = lastCommit(before);
    if (committedLagBefore.isEmpty() || commitBefore.isEmpty()) {
      return 0;
    }
    double betweenCommits = Math.max(0, Duration.between(commitBefore.get(), commit).toMillis() / 1000.0);
    return (committedLag - committedLagBefore.getAsLong() + read * betweenCommits) / seconds;
  }

  /** When the checkpoint the consumer groups' offsets were last committed at was triggered. */
  private static Optional<Instant> lastCommit(JobObservation current) {
    return current.checkpoints().latestCompleted().map(CompletedCheckpoint::triggerTime);
  }

  private static dev.sluice.autoscaler.VertexLoad vertex(VertexMetrics metrics, JobObservation before,
      double seconds) {
    double gauge = busyFraction(metrics.averageBusyTimeMsPerSecond().getAsDouble());
    double gaugeMax = Math.max(gauge, busyFraction(metrics.maxBusyTimeMsPerSecond().getAsDouble()));
    OptionalDouble counted = busyBetween(metrics, before, seconds);
    double average = counted.orElse(gauge);
    // Only the gauge tells the busiest subtask apart; its lead over the average (over the minute)
    // scales the average between the looks.
    double max = counted.isEmpty() ? gaugeMax
        : gauge == 0 ? average : Math.max(average, Math.min(1, average * gaugeMax / gauge));
    return new dev.sluice.autoscaler.VertexLoad(metrics.vertex().name(), metrics.vertex().source(),
        Math.max(0, recordsPerSecond(metrics, before, seconds)), average, max);
  }

  /** The average busy fraction between the two looks from the busy-time counter, if both report it. */
  private static OptionalDouble busyBetween(VertexMetrics metrics, JobObservation before, double seconds) {
    OptionalDouble earlier = earlier(metrics, before).map(VertexMetrics::busyTimeMsCount)
        .orElse(OptionalDouble.empty());
    if (metrics.busyTimeMsCount().isEmpty() || earlier.isEmpty()
        || metrics.busyTimeMsCount().getAsDouble() < earlier.getAsDouble()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(busyFraction(
        (metrics.busyTimeMsCount().getAsDouble() - earlier.getAsDouble()) / seconds));
  }

  /** The same vertex's metrics at the look before, if that look had them. */
  private static Optional<VertexMetrics> earlier(VertexMetrics metrics, JobObservation before) {
    return before.vertices().stream()
        .filter(previous -> previous.vertex().id().equals(metrics.vertex().id()))
        .findFirst();
  }

  private static OptionalLong earlierCount(VertexMetrics metrics, JobObservation before) {
    return earlier(metrics, before).map(VertexMetrics::recordsInCount).orElse(OptionalLong.empty());
  }

  /** Records per second between the two looks from the counter, else Flink's one-minute gauge. */
  private static double recordsPerSecond(VertexMetrics metrics, JobObservation before, double seconds) {
    OptionalLong earlier = earlierCount(metrics, before);
    if (metrics.recordsInCount().isPresent() && earlier.isPresent()) {
      return (metrics.recordsInCount().getAsLong() - earlier.getAsLong()) / seconds;
    }
    return metrics.recordsInPerSecond().getAsDouble();
  }

  private static CheckpointMetrics checkpoints(JobObservation current, MappingInputs inputs) {
    CheckpointStats stats = current.checkpoints();
    // A restore replays from the newer of the latest checkpoint and savepoint.
    Optional<Instant> secured = Stream.concat(stats.latestCompleted().stream(), stats.latestSavepoint().stream())
        .map(CompletedCheckpoint::triggerTime)
        .max(Instant::compareTo);
    Optional<Duration> age = secured.map(at -> Duration.between(at, current.observedAt()))
        .map(duration -> duration.isNegative() ? Duration.ZERO : duration);
    return new CheckpointMetrics(inputs.checkpointInterval(), inputs.checkpointTimeout(),
        stats.latestCompleted().map(CompletedCheckpoint::duration), age, stats.failuresSinceLastCompleted(),
        inputs.savepointInProgress());
  }

  private static Stream<VertexMetrics> sources(JobObservation observation) {
    return observation.vertices().stream().filter(metrics -> metrics.vertex().source());
  }

  private static OptionalLong backlog(JobObservation observation, VertexMetrics source) {
    return earlier(source, observation).map(VertexMetrics::pendingRecords).orElse(OptionalLong.empty());
  }

  private static double busyFraction(double millisPerSecond) {
    return Math.max(0, Math.min(1, millisPerSecond / 1000.0));
  }
}
