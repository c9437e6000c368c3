package dev.sluice.observation;

import java.time.Instant;
import java.util.List;

/**
 * The latest failure of a job, as Flink's exception history has it.
 *
 * @param cause the innermost cause in one line, such as {@code java.lang.NumberFormatException:
 *     For input string: 'x4'}: Flink wraps the error a user can act on in its own exceptions
 */
public record JobFailure(Instant time, String cause) {

  static final int MAX_CAUSE_LENGTH = 300;

  /** From an entry of the exception history: its name, and its stack trace with the causes. */
  public static JobFailure of(Instant time, String exceptionName, String stackTrace) {
    List<String> causes = stackTrace == null ? List.of() : stackTrace.lines()
        .filter(line -> line.startsWith("Caused by: "))
        .map(line -> line.substring("Caused by: ".length()))
        .toList();
    String first = stackTrace == null ? "" : stackTrace.lines().findFirst().orElse("");
    String cause = !causes.isEmpty() ? causes.get(causes.size() - 1) : first.isBlank() ? exceptionName : first;
    return new JobFailure(time, cause.length() > MAX_CAUSE_LENGTH ? cause.substring(0, MAX_CAUSE_LENGTH) + "..." : cause);
  }
}
