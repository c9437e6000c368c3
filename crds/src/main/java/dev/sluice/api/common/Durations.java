package dev.sluice.api.common;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration strings of the API. Two forms exist: Go durations for operational settings
 * ("30s", "5m", "1h30m"), and the Prometheus-style windows of SLOs ("1h", "7d", "4w"), which the
 * API server checks with the patterns below.
 */
public final class Durations {

  /** A Go duration: one or more number-unit pairs, escaped for use inside a CEL string literal. */
  public static final String GO_DURATION_CEL_REGEX = "^([0-9]+(\\\\.[0-9]+)?(ms|s|m|h))+$";

  /** CEL rule for a string field that must hold a Go duration; refused at {@code kubectl apply}. */
  public static final String CEL_IS_DURATION = "self.matches('" + GO_DURATION_CEL_REGEX + "')";

  /** The message of {@link #CEL_IS_DURATION}; the API server prefixes it with the field's path. */
  public static final String NOT_A_DURATION = "must be a duration such as 500ms, 30s, 5m or 1h30m";

  /** CEL rule for a duration field that must be longer than zero; a malformed one is left to {@link #CEL_IS_DURATION}. */
  public static final String CEL_IS_POSITIVE = "!self.matches('" + GO_DURATION_CEL_REGEX + "') "
      + "|| duration(self) > duration('0s')";

  /** The message of {@link #CEL_IS_POSITIVE}. */
  public static final String NOT_POSITIVE = "must be longer than 0s";

  /** An SLO window: a whole number of minutes, hours, days or weeks. */
  public static final String WINDOW_REGEX = "^[0-9]+(m|h|d|w)$";

  private static final Pattern GO_PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");
  private static final Pattern GO_WHOLE = Pattern.compile("([0-9]+(\\.[0-9]+)?(ms|s|m|h))+");
  private static final Pattern WINDOW = Pattern.compile("([0-9]+)(m|h|d|w)");

  private Durations() {
  }

  /** Parses a Go duration such as "1h30m" or "250ms". */
  public static Duration parse(String text) {
    if (text == null || !GO_WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; use a form such as 500ms, 30s, 5m or 1h30m");
    }
    Duration total = Duration.ZERO;
    Matcher part = GO_PART.matcher(text);
    while (part.find()) {
      double amount = Double.parseDouble(part.group(1));
      long millisPerUnit = switch (part.group(2)) {
        case "ms" -> 1L;
        case "s" -> 1_000L;
        case "m" -> 60_000L;
        default -> 3_600_000L;
      };
      total = total.plusMillis(Math.round(amount * millisPerUnit));
    }
    return total;
  }

  /** Parses an SLO window such as "28d" or "4w". */
  public static Duration parseWindow(String text) {
    Matcher matcher = text == null ? null : WINDOW.matcher(text);
    if (matcher == null || !matcher.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a window; use a whole number of m, h, d or w such as 28d");
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ofDays(7 * amount);
    };
  }
}
