package dev.sluice.slo;

import dev.sluice.api.common.Durations;
import dev.sluice.api.slo.Indicator;
import dev.sluice.api.slo.SloSpec;

import java.time.Duration;
import java.util.List;

/**
 * What an SLO promises, as the maths needs it.
 *
 * @param objective the percentage of good, such as 99.5
 * @param window the rolling window, such as 28 days
 */
public record SloPolicy(double objective, Duration window, Budgeting budgeting, List<BurnAlert> alerts) {

  public static SloPolicy of(SloSpec spec) {
    Duration window = Durations.parseWindow(spec.window());
    return new SloPolicy(spec.objective(), window, budgeting(spec.indicator()),
        BurnAlert.of(spec.alerting().pageBurnRate(), spec.alerting().ticketBurnRate(), window));
  }

  /** Checkpoints and rows are events; the other indicators hold for a stretch of time. */
  static Budgeting budgeting(Indicator indicator) {
    return indicator.checkpointSuccess() != null || indicator.qualityPassRate() != null
        ? Budgeting.EVENT_COUNTS : Budgeting.TIME_SLICES;
  }

  /** The error ratio the objective allows: 0.005 for 99.5 %. */
  public double allowedErrorRatio() {
    return (100 - objective) / 100;
  }
}
