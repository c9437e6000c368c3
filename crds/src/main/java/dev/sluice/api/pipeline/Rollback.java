package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.sluice.api.common.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Rollback(
    @Default("false")
    @JsonPropertyDescription("Roll back to the last stable plan when an upgrade fails to reach RUNNING.")
    Boolean enabled,

    @Default("5m")
    @ValidationRule(value = Durations.CEL_IS_DURATION, message = Durations.NOT_A_DURATION)
    @ValidationRule(value = Durations.CEL_IS_POSITIVE, message = Durations.NOT_POSITIVE)
    @JsonPropertyDescription("How long an upgrade may take to reach RUNNING before it is rolled back.")
    String timeout) {

  public static final Rollback DEFAULT = new Rollback(null, null);

  public Rollback {
    enabled = enabled != null && enabled;
    timeout = timeout == null ? "5m" : timeout;
  }
}
