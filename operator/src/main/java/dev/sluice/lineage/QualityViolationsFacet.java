package dev.sluice.lineage;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sluice.api.pipeline.QualityRule;
import io.openlineage.client.OpenLineage;

import java.util.List;

/**
 * Input facet {@code sluice_qualityViolations}: for each quality rule on the input, the rows that
 * failed it since the job started, which OpenLineage's assertions facet has no field for.
 */
final class QualityViolationsFacet extends SluiceFacet implements OpenLineage.InputDatasetFacet {

  static final String NAME = "sluice_qualityViolations";

  /** @param violations rows that failed the rule, 0 until a count is known */
  record Rule(String name, QualityRule.Action action, long violations) {
  }

  private final List<Rule> rules;

  QualityViolationsFacet(List<Rule> rules) {
    super("SluiceQualityViolationsInputFacet");
    this.rules = rules;
  }

  @JsonProperty("rules")
  public List<Rule> rules() {
    return rules;
  }
}
