package dev.sluice.plan;

/**
 * Options of the sink that counts quality violations: one counter per rule, and a failure for
 * the rules whose action is fail. The keys are the contract between the plan and that sink.
 */
public final class QualityTableOptions {

  public static final String IDENTIFIER = "sluice-quality";
  /** Comma-separated names of every rule, so that each counter exists from the start. */
  public static final String RULES = "rules";
  /** Comma-separated names of the rules whose violation fails the job. */
  public static final String FAIL_RULES = "fail-rules";
  /** The metric group of the counters; each rule's counter is {@code sluice_quality.<rule>.violations}. */
  public static final String METRIC_GROUP = "sluice_quality";
  public static final String COUNTER = "violations";
  /** The column of a dead-letter Dataset that is filled with the name of the failed rule. */
  public static final String RULE_COLUMN = "sluice_rule";

  private QualityTableOptions() {
  }
}
