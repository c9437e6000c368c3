package dev.sluice.plan;

import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.api.pipeline.PipelineSpec;
import dev.sluice.api.pipeline.QualityRule;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checks of quality rules that need no SQL parser; Flink checks the expressions themselves. */
final class QualityRules {

  private QualityRules() {
  }

  static void check(String pipeline, PipelineSpec spec, Map<String, DatasetSpec> datasets, List<PlanError> errors) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < spec.quality().size(); i++) {
      QualityRule rule = spec.quality().get(i);
      String field = "spec.quality[" + i + "]";
      if (!names.add(rule.name())) {
        errors.add(PlanError.pipeline(pipeline, field + ".name",
            "another rule is already named '" + rule.name() + "'; rule names name their metrics and must be unique"));
      }
      if (!spec.inputs().contains(rule.input())) {
        errors.add(PlanError.pipeline(pipeline, field + ".input",
            "'" + rule.input() + "' is not one of spec.inputs " + spec.inputs() + "; a rule checks an input"));
      }
      if (!SqlScript.isSelfContained(rule.expression())) {
        errors.add(PlanError.pipeline(pipeline, field + ".expression",
            "must be one boolean expression, with balanced parentheses, closed quotes and no semicolon"));
      }
      checkDeadLetter(pipeline, spec, datasets, rule, field, errors);
    }
  }

  private static void checkDeadLetter(String pipeline, PipelineSpec spec, Map<String, DatasetSpec> datasets,
                                      QualityRule rule, String field, List<PlanError> errors) {
    if (rule.action() != QualityRule.Action.DEAD_LETTER) {
      return;
    }
    if (rule.deadLetter() == null) {
      errors.add(PlanError.pipeline(pipeline, field + ".deadLetter",
          "action is deadLetter, so name the Dataset that receives failing rows"));
    } else if (!datasets.containsKey(rule.deadLetter())) {
      errors.add(PlanError.pipeline(pipeline, field + ".deadLetter", "Dataset '" + rule.deadLetter()
          + "' does not exist; create it with the input's columns (and a STRING column sluice_rule)"));
    } else if (spec.inputs().contains(rule.deadLetter())) {
      errors.add(PlanError.pipeline(pipeline, field + ".deadLetter", "'" + rule.deadLetter()
          + "' is an input of this Pipeline; a Pipeline cannot write what it reads"));
    }
  }
}
