package dev.sluice.autoscaler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the autoscaler remembers between evaluations. The caller keeps the instance returned with
 * each decision and passes it to the next evaluation; it can be rebuilt from the pipeline status
 * (the last rescale) when the operator restarts, at the cost of waiting one stabilisation window
 * before a scale-down.
 *
 * @param lastRescale the latest rescale the autoscaler decided, for the cooldown
 * @param lowerSince since when every recommendation has been below the current parallelism
 * @param recent recommendations within the stabilisation window, oldest first
 * @param scaleUpHeldSince since when a scale-up the load needs has been held back by the
 *     checkpoint gate; the catch-up time counts from then
 * @param expectation what the latest scale-up was expected to deliver, to tell whether it helped
 * @param arrivals the arrival rates and the cost of a record seen within the last {@link
 *     ArrivalTrend#WINDOW}, oldest first: the last {@link RateWindow#FLINK_RATE_WINDOW} of them
 *     for what the job must keep up with, all of them for the trend
 */
public record AutoscalerHistory(
    Optional<Rescale> lastRescale,
    Optional<Instant> lowerSince,
    List<Recommendation> recent,
    Optional<Instant> scaleUpHeldSince,
    Optional<Expectation> expectation,
    List<Arrival> arrivals) {

  /** The parallelism the load called for at one evaluation. */
  public record Recommendation(Instant at, int parallelism) {}

  /**
   * The job's throughput when a scale-up was decided, and the throughput it was sized for (the
   * demand, or what the new parallelism can do flat out if less).
   */
  public record Expectation(double throughputBefore, double expectedThroughput) {}

  /**
   * The arrival rate and the cost of a record seen at one evaluation.
   *
   * @param subtaskSecondsPerRecord busy subtask-seconds per record read; NaN when none was read
   * @param blind the busiest vertex was fully busy while the sources reported no backlog
   */
  public record Arrival(Instant at, double rate, double subtaskSecondsPerRecord, boolean blind) {}

  public AutoscalerHistory {
    recent = List.copyOf(recent);
    arrivals = List.copyOf(arrivals);
  }

  public static AutoscalerHistory empty() {
    return of(Optional.empty());
  }

  /** A history that knows only the last rescale, as the pipeline status keeps it. */
  public static AutoscalerHistory of(Optional<Rescale> lastRescale) {
    return new AutoscalerHistory(lastRescale, Optional.empty(), List.of(), Optional.empty(),
        Optional.empty(), List.of());
  }

  /** Remembers a recommendation, forgetting those older than {@code window}. */
  AutoscalerHistory recommend(Instant at, int parallelism, int current, Duration window) {
    List<Recommendation> kept = new ArrayList<>();
    Instant oldest = at.minus(window);
    for (Recommendation recommendation : recent) {
      if (!recommendation.at().isBefore(oldest)) {
        kept.add(recommendation);
      }
    }
    kept.add(new Recommendation(at, parallelism));
    Optional<Instant> lower =
        parallelism < current ? Optional.of(lowerSince.orElse(at)) : Optional.empty();
    return new AutoscalerHistory(
        lastRescale, lower, kept, scaleUpHeldSince, expectation, arrivals);
  }

  /** Starts afresh after a rescale: recommendations made at the old parallelism no longer count. */
  AutoscalerHistory rescaled(Rescale rescale, Optional<Expectation> expected) {
    return new AutoscalerHistory(
        Optional.of(rescale), Optional.empty(), List.of(), Optional.empty(), expected, arrivals);
  }

  /** Notes that a needed scale-up was held back at {@code at}, unless it already was. */
  AutoscalerHistory scaleUpHeld(Instant at) {
    return new AutoscalerHistory(lastRescale, lowerSince, recent,
        Optional.of(scaleUpHeldSince.orElse(at)), expectation, arrivals);
  }

  /** Forgets a held-back scale-up once the load no longer needs one. */
  AutoscalerHistory scaleUpNotNeeded() {
    return new AutoscalerHistory(
        lastRescale, lowerSince, recent, Optional.empty(), expectation, arrivals);
  }

  /** Remembers an arrival rate and a record's cost, forgetting those older than the trend's window. */
  AutoscalerHistory arrived(Instant at, double rate, double perRecord, boolean blind) {
    List<Arrival> kept = new ArrayList<>(within(arrivals, at, ArrivalTrend.WINDOW));
    kept.add(new Arrival(at, rate, perRecord, blind));
    return new AutoscalerHistory(
        lastRescale, lowerSince, recent, scaleUpHeldSince, expectation, kept);
  }

  /**
   * The time between the look before and the latest one remembered, if both are within the
   * arrivals' window: how long the autoscaler expects to wait for its next look.
   */
  Optional<Duration> lookInterval() {
    int n = arrivals.size();
    return n < 2 ? Optional.empty()
        : Optional.of(Duration.between(arrivals.get(n - 2).at(), arrivals.get(n - 1).at()));
  }

  /** The average of the arrival rates within Flink's rate window; zero if none is remembered. */
  double sustainedArrival() {
    return lastMinute().stream().mapToDouble(Arrival::rate).average().orElse(0);
  }

  /** How fast the arrivals have been rising since {@code since}, the job's start. */
  ArrivalTrend trend(Instant since) {
    return ArrivalTrend.of(arrivals, since);
  }

  /** Whether the last two looks both saw a fully busy job with no backlog reported. */
  boolean blindTwice() {
    int n = arrivals.size();
    return n >= 2 && arrivals.get(n - 1).blind() && arrivals.get(n - 2).blind();
  }

  /** The average cost of a record within Flink's rate window, NaN if none is known. */
  double sustainedCost() {
    return lastMinute().stream().mapToDouble(Arrival::subtaskSecondsPerRecord)
        .filter(cost -> !Double.isNaN(cost)).average().orElse(Double.NaN);
  }

  private List<Arrival> lastMinute() {
    return arrivals.isEmpty() ? List.of()
        : within(arrivals, arrivals.get(arrivals.size() - 1).at(), RateWindow.FLINK_RATE_WINDOW);
  }

  /** Those of {@code arrivals} seen less than {@code window} before {@code at}. */
  private static List<Arrival> within(List<Arrival> arrivals, Instant at, Duration window) {
    return arrivals.stream().filter(arrival -> at.minus(window).isBefore(arrival.at())).toList();
  }
}
