package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A condition every row of one input must meet, and what happens to a row that does not. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "self.action != 'deadLetter' || has(self.deadLetter)",
    message = "spec.quality[].deadLetter must name a Dataset when action is deadLetter",
    reason = "FieldValueRequired", fieldPath = ".deadLetter")
public record QualityRule(
    @Required
    @Pattern("^[a-z][a-z0-9_]{0,62}$")
    @JsonPropertyDescription("Rule name: lower case letters, digits and underscores. Names the violation metric.")
    String name,

    @Required
    @Size(max = 253)
    @JsonPropertyDescription("The input Dataset the rule checks.")
    String input,

    @Required
    @Size(min = 1, max = 4096)
    @JsonPropertyDescription("A Flink SQL boolean expression over the input's columns; a row passes when it is "
        + "TRUE. Example: amount > 0 AND currency IS NOT NULL.")
    String expression,

    @Default("drop")
    @JsonPropertyDescription("What happens to a failing row: drop it, route it to the deadLetter Dataset, "
        + "or fail the job.")
    Action action,

    @Size(max = 253)
    @JsonPropertyDescription("The Dataset that receives failing rows when action is deadLetter. It has the "
        + "input's columns; when it also declares a STRING column sluice_rule, that column names the failed rule.")
    String deadLetter) {

  public QualityRule {
    action = action == null ? Action.DROP : action;
  }

  public enum Action {
    @JsonProperty("drop") DROP,
    @JsonProperty("deadLetter") DEAD_LETTER,
    @JsonProperty("fail") FAIL
  }
}
