package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class QualityViolations {

  @JsonPropertyDescription("The quality rule's name.")
  private String rule;

  @JsonPropertyDescription("Rows that failed the rule since the job started.")
  private Long violations;

  @JsonPropertyDescription("What was done with them: drop, deadLetter or fail.")
  private String action;

  public String getRule() {
    return rule;
  }

  public void setRule(String rule) {
    this.rule = rule;
  }

  public Long getViolations() {
    return violations;
  }

  public void setViolations(Long violations) {
    this.violations = violations;
  }

  public String getAction() {
    return action;
  }

  public void setAction(String action) {
    this.action = action;
  }
}
