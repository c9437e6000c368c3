package dev.sluice.plan;

import java.time.Duration;

/** Quoting for the SQL the plan renders, so that names and values can never break a statement. */
final class Sql {

  private Sql() {
  }

  static String identifier(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** A SECOND interval literal, with milliseconds as a fraction where there are any. */
  static String interval(Duration duration) {
    long millis = duration.toMillis();
    String seconds = millis % 1000 == 0
        ? Long.toString(millis / 1000)
        : String.format("%d.%03d", millis / 1000, millis % 1000);
    return "INTERVAL '" + seconds + "' SECOND";
  }

  /** A duration as Flink's configuration reads it. */
  static String flinkDuration(Duration duration) {
    return duration.toMillis() + " ms";
  }
}
