package dev.sluice.slo;

import java.time.Duration;

/** The standard windows burn rates are reported over. */
public enum BurnWindow {
  M5("5m", Duration.ofMinutes(5)),
  M30("30m", Duration.ofMinutes(30)),
  H1("1h", Duration.ofHours(1)),
  H2("2h", Duration.ofHours(2)),
  H6("6h", Duration.ofHours(6)),
  D1("1d", Duration.ofDays(1)),
  D3("3d", Duration.ofDays(3));

  private final String label;
  private final Duration span;

  BurnWindow(String label, Duration span) {
    this.label = label;
    this.span = span;
  }

  /** As Prometheus writes it, such as 1h. */
  public String label() {
    return label;
  }

  public Duration span() {
    return span;
  }
}
