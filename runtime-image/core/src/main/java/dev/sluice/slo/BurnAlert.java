package dev.sluice.slo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One multi-window, multi-burn-rate condition (Google SRE workbook, chapter 5): it holds while
 * the burn rate over both the long and the short window exceeds {@code threshold}.
 */
public record BurnAlert(Severity severity, BurnWindow longWindow, BurnWindow shortWindow, double threshold) {

  /** The budgeting period the spec's burn rates are quoted for, as in the workbook. */
  static final Duration QUOTED_WINDOW = Duration.ofDays(30);

  public enum Severity {
    PAGE, TICKET;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The workbook's four conditions built from the spec's two rates, scaled to the SLO's window.
   * <ul>
   *   <li>page: 1h/5m at {@code page}, and 6h/30m at {@code page × 5/12}: 2 % and 5 % of the
   *       budget (14.4 and 6 for a 30-day window);</li>
   *   <li>ticket: 1d/2h at {@code ticket × 3}, and 3d/6h at {@code ticket}: 10 % of the budget
   *       each (3 and 1).</li>
   * </ul>
   * The spec's rates are quoted for 30 days, as the workbook's are. Burning at rate b for time t
   * spends b·t/window of the budget, so each threshold is multiplied by window ÷ 30d to keep the
   * share of budget it stands for: 14.4 becomes 13.44 for 28 days. A threshold never goes below 1,
   * the rate that spends exactly the budget over the window; and a condition whose long window is
   * longer than the SLO's own window is left out, as it would judge more than the window holds.
   */
  public static List<BurnAlert> of(double page, double ticket, Duration window) {
    double scale = (double) window.toSeconds() / QUOTED_WINDOW.toSeconds();
    List<BurnAlert> alerts = new ArrayList<>();
    for (BurnAlert alert : List.of(
        new BurnAlert(Severity.PAGE, BurnWindow.H1, BurnWindow.M5, page),
        new BurnAlert(Severity.PAGE, BurnWindow.H6, BurnWindow.M30, page * 5 / 12),
        new BurnAlert(Severity.TICKET, BurnWindow.D1, BurnWindow.H2, ticket * 3),
        new BurnAlert(Severity.TICKET, BurnWindow.D3, BurnWindow.H6, ticket))) {
      if (alert.longWindow().span().compareTo(window) <= 0) {
        alerts.add(new BurnAlert(alert.severity(), alert.longWindow(), alert.shortWindow(),
            Math.max(1, alert.threshold() * scale)));
      }
    }
    return List.copyOf(alerts);
  }

  /** Whether both burn rates exceed the threshold; an unknown rate never fires. */
  public boolean holds(Double longRate, Double shortRate) {
    return longRate != null && shortRate != null && longRate > threshold && shortRate > threshold;
  }
}
