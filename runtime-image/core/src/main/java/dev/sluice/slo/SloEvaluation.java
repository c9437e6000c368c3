package dev.sluice.slo;

import dev.sluice.api.slo.SloState;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An SLO's figures at one instant.
 *
 * @param sli the indicator's latest figure, or null when unknown
 * @param compliance percentage of good over the window, or null with nothing counted
 * @param errorBudgetRemaining percentage of the budget left, negative when overspent, or null
 * @param burnRates error ratio over each standard window that fits the SLO's window, divided by the
 *     allowed error ratio; a window with nothing counted is absent
 * @param timeToExhaustion how long the remaining budget lasts at the 1h burn rate, or null when
 *     it does not run out (no burn, or no budget left)
 * @param firing the alert conditions that hold
 * @param window the good and total counts over the SLO's window
 */
public record SloEvaluation(SloState state, Double sli, Double compliance, Double errorBudgetRemaining,
    Map<BurnWindow, Double> burnRates, Duration timeToExhaustion, List<BurnAlert> firing, SliHistory.Counts window) {

  public boolean pages() {
    return firing.stream().anyMatch(alert -> alert.severity() == BurnAlert.Severity.PAGE);
  }
}
