package dev.sluice.autoscaler;

import java.time.Duration;
import java.util.Locale;

/** Formats numbers in decision reasons and reports the way a person reads them. */
public final class HumanFormat {

  private HumanFormat() {}

  /** {@code 2h}, {@code 4m}, {@code 1m30s}, {@code 45s}. */
  public static String duration(Duration duration) {
    long seconds = duration.toSeconds();
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    long rest = seconds % 60;
    StringBuilder text = new StringBuilder();
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (minutes > 0) {
      text.append(minutes).append('m');
    }
    if (rest > 0 || text.length() == 0) {
      text.append(rest).append('s');
    }
    return text.toString();
  }

  /** Whole numbers without decimals, others with one. */
  public static String number(double value) {
    if (Double.isInfinite(value)) {
      return "∞";
    }
    return value == Math.rint(value) || Math.abs(value) >= 100
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }
}
