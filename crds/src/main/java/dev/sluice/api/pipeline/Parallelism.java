package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "self.min <= self.initial && self.initial <= self.max",
    message = "spec.parallelism must satisfy min <= initial <= max", reason = "FieldValueInvalid")
public record Parallelism(
    @Default("1")
    @Min(1)
    @Max(1024)
    @JsonPropertyDescription("Parallelism of the first deployment.")
    Integer initial,

    @Default("1")
    @Min(1)
    @Max(1024)
    @JsonPropertyDescription("The autoscaler never goes below this.")
    Integer min,

    @Default("8")
    @Min(1)
    @Max(1024)
    @JsonPropertyDescription("The autoscaler never goes above this.")
    Integer max) {

  public static final Parallelism DEFAULT = new Parallelism(null, null, null);

  public Parallelism {
    initial = initial == null ? 1 : initial;
    min = min == null ? 1 : min;
    max = max == null ? 8 : max;
  }
}
