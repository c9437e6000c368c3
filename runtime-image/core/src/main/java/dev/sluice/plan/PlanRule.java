package dev.sluice.plan;

import dev.sluice.api.pipeline.QualityRule;

/**
 * A quality rule as the plan applies it: the raw table it checks and what happens to failing
 * rows. The validator checks each expression on its own, so that an error names the rule.
 *
 * @param name the rule's name, which names its violation counter
 * @param input the input Dataset
 * @param rawTable the SQL reference of the input's unchecked table
 * @param expression the boolean expression a row must satisfy
 * @param action drop, deadLetter or fail
 * @param field the rule's field in the Pipeline, such as {@code spec.quality[1]}
 */
public record PlanRule(String name, String input, String rawTable, String expression,
                       QualityRule.Action action, String field) {
}
