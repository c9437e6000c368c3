package dev.sluice.autoscaler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How fast the arrivals rise or fall: the least-squares slope of the arrival rates seen since the
 * job last started, within the last {@link #WINDOW}. Zero unless it is one that noise is unlikely to
 * draw: the samples span at least half the window and the slope is more than {@link #SIGNIFICANCE}
 * standard errors away from zero. Only samples since the start count, because the surge that caused
 * a rescale would otherwise read as a rise for a whole window after it.
 *
 * @param perSecond records per second by which the arrival rate grows each second (negative when it
 *     falls); zero unless the rise or fall stands out of the noise
 */
record ArrivalTrend(double perSecond) {

  /**
   * A rise stands out of the noise once it climbs by about the noise's size within the window: a
   * smooth diurnal rise of 13 rec/s a minute on 4000/s does, the same under ±10 % noise does not.
   * Longer would tell more rises apart but carry an hour-long ramp's earlier slope.
   */
  static final Duration WINDOW = Duration.ofMinutes(10);

  /**
   * Slopes this many standard errors away from zero count as a rise or a fall: at two, ten minutes
   * of a plateau with ±40 % noise read as a rise (a needless 4 → 6 in the benchmark).
   */
  private static final double SIGNIFICANCE = 3;

  static final ArrivalTrend FLAT = new ArrivalTrend(0);

  /** The trend of {@code arrivals} (oldest first) seen at or after {@code since}. */
  static ArrivalTrend of(List<AutoscalerHistory.Arrival> arrivals, Instant since) {
    List<AutoscalerHistory.Arrival> counted = arrivals.stream()
        .filter(arrival -> !arrival.at().isBefore(since))
        .toList();
    int n = counted.size();
    if (n < 3) {
      return FLAT;
    }
    Instant first = counted.get(0).at();
    Duration span = Duration.between(first, counted.get(n - 1).at());
    if (span.compareTo(WINDOW.dividedBy(2)) < 0) {
      return FLAT;
    }
    double meanT = 0;
    double meanRate = 0;
    for (AutoscalerHistory.Arrival arrival : counted) {
      meanT += seconds(first, arrival.at()) / n;
      meanRate += arrival.rate() / n;
    }
    double sxx = 0;
    double sxy = 0;
    for (AutoscalerHistory.Arrival arrival : counted) {
      double dt = seconds(first, arrival.at()) - meanT;
      sxx += dt * dt;
      sxy += dt * (arrival.rate() - meanRate);
    }
    double slope = sxy / sxx;
    double residuals = 0;
    for (AutoscalerHistory.Arrival arrival : counted) {
      double fitted = meanRate + slope * (seconds(first, arrival.at()) - meanT);
      residuals += Math.pow(arrival.rate() - fitted, 2);
    }
    double standardError = Math.sqrt(residuals / (n - 2) / sxx);
    return Math.abs(slope) > SIGNIFICANCE * standardError ? new ArrivalTrend(slope) : FLAT;
  }

  boolean rising() {
    return perSecond > 0;
  }

  boolean falling() {
    return perSecond < 0;
  }

  /** Records per second more arriving {@code ahead} from now, at this trend (fewer when falling). */
  double rise(Duration ahead) {
    return perSecond * ahead.toMillis() / 1000.0;
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
