package dev.sluice.plan;

/**
 * One SQL statement of a plan, with the resource and field it was rendered from so that an error
 * Flink finds in it can be reported against what the user wrote.
 *
 * @param sql the statement, without a trailing semicolon
 * @param resource such as {@code Dataset/orders} or {@code Pipeline/enrich-orders}
 * @param field such as {@code spec.schema}, {@code spec.sql} or {@code spec.quality[0]}
 * @param line for statements of {@code spec.sql}, the line of spec.sql the statement starts on; else 0
 */
public record PlanStatement(String sql, String resource, String field, int line) {

  /** Where the statement came from, as a person reads it: "Pipeline/p spec.sql (line 3)". */
  public String origin() {
    return resource + " " + field + (line > 0 ? " (line " + line + ")" : "");
  }
}
