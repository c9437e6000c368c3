package dev.sluice.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the exceptions of Flink's parser and planner into messages a Pipeline author can act on.
 * It reads Flink's messages, never the SQL: Flink has already judged the SQL.
 */
final class FlinkErrors {

  private static final Pattern NOT_FOUND = Pattern.compile("Object '([^']+)' not found");
  private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");
  /** What Flink says when a watermark's {@code column - INTERVAL} is applied to a column that is not a time. */
  private static final Pattern WATERMARK_ON_NON_TIME =
      Pattern.compile("Cannot apply '-' to arguments of type '<([^>]+)> - <INTERVAL");
  private static final Pattern CONNECTOR_FAILURE =
      Pattern.compile("Unable to create a (?:source for reading|sink for writing) table '([^']+)'");

  private FlinkErrors() {
  }

  /**
   * The messages of an exception and its causes, each once, without the table options Flink lists
   * (the runtime's options hold credentials once placeholders are resolved).
   */
  static String describe(Throwable error) {
    List<String> messages = new ArrayList<>();
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message == null) {
        continue;
      }
      int options = message.indexOf("\n\nTable options are:");
      String kept = (options >= 0 ? message.substring(0, options) : message).strip();
      if (!kept.isEmpty() && messages.stream().noneMatch(earlier -> earlier.contains(kept))) {
        messages.add(kept);
      }
    }
    return messages.isEmpty() ? error.getClass().getName() : String.join("\ncaused by: ", messages);
  }

  /** The table that Flink could not find, when that is the error. */
  static Optional<String> missingObject(String message) {
    Matcher matcher = NOT_FOUND.matcher(message);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  /** The table whose connector Flink could not create, as a catalog identifier, when that is the error. */
  /** The type of an event-time column that is not a timestamp, when the message is Flink's refusal of its watermark. */
  static Optional<String> watermarkOnNonTime(String message) {
    Matcher matcher = WATERMARK_ON_NON_TIME.matcher(message);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  static Optional<String> failedConnectorTable(String message) {
    Matcher matcher = CONNECTOR_FAILURE.matcher(message);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  /** Moves Flink's line numbers, which count from a statement's start, to lines of the script it came from. */
  static String inScriptLines(String message, int firstLine) {
    if (firstLine <= 1) {
      return message;
    }
    Matcher matcher = POSITION.matcher(message);
    StringBuilder moved = new StringBuilder();
    while (matcher.find()) {
      int line = Integer.parseInt(matcher.group(1)) + firstLine - 1;
      matcher.appendReplacement(moved, "line " + line + ", column " + matcher.group(2));
    }
    matcher.appendTail(moved);
    return moved.toString();
  }
}
