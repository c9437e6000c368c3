package dev.sluice.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** How one generated column gets its values; maps onto Flink datagen's fields.* options. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "self.kind != 'sequence' || (has(self.start) && has(self.end))",
    message = "a sequence field needs both start and end", reason = "FieldValueRequired")
public record FieldGenerator(
    @Default("random")
    @JsonPropertyDescription("random values, or a sequence from start to end.")
    Kind kind,

    @JsonPropertyDescription("Smallest random value (numeric columns).")
    Double min,

    @JsonPropertyDescription("Largest random value (numeric columns).")
    Double max,

    @Min(1)
    @JsonPropertyDescription("Length of random strings.")
    Integer length,

    @JsonPropertyDescription("First value of a sequence.")
    Long start,

    @JsonPropertyDescription("Last value of a sequence.")
    Long end,

    @Min(0)
    @Max(1)
    @JsonPropertyDescription("Fraction of rows where the column is null, to exercise quality rules.")
    Double nullRate) {

  public FieldGenerator {
    kind = kind == null ? Kind.RANDOM : kind;
  }

  public enum Kind {
    @JsonProperty("random") RANDOM,
    @JsonProperty("sequence") SEQUENCE
  }
}
