package dev.sluice.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.sluice.api.common.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The shape of a generated load: constant, a step up that stays, a spike that ends, or a sine
 * wave. The rate at any moment is rowsPerSecond times a factor between 1 and {@code factor}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "self.shape != 'spike' || has(self.duration)",
    message = "spec.connector.datagen.profile.duration is required when shape is spike", reason = "FieldValueRequired")
@ValidationRule(value = "self.shape != 'sine' || has(self.period)",
    message = "spec.connector.datagen.profile.period is required when shape is sine", reason = "FieldValueRequired")
public record RateProfile(
    @Default("constant")
    @JsonPropertyDescription("constant, step, spike or sine.")
    Shape shape,

    @Default("5.0")
    @Min(1)
    @JsonPropertyDescription("Peak rate as a multiple of rowsPerSecond.")
    Double factor,

    @Default("1m")
    @ValidationRule(value = Durations.CEL_IS_DURATION, message = Durations.NOT_A_DURATION)
    @JsonPropertyDescription("Time after the job starts when a step or spike begins.")
    String startAfter,

    @ValidationRule(value = Durations.CEL_IS_DURATION, message = Durations.NOT_A_DURATION)
    @ValidationRule(value = Durations.CEL_IS_POSITIVE, message = Durations.NOT_POSITIVE)
    @JsonPropertyDescription("How long a spike lasts.")
    String duration,

    @ValidationRule(value = Durations.CEL_IS_DURATION, message = Durations.NOT_A_DURATION)
    @ValidationRule(value = Durations.CEL_IS_POSITIVE, message = Durations.NOT_POSITIVE)
    @JsonPropertyDescription("The period of a sine profile.")
    String period) {

  public static final RateProfile CONSTANT = new RateProfile(Shape.CONSTANT, null, null, null, null);

  public RateProfile {
    shape = shape == null ? Shape.CONSTANT : shape;
    factor = factor == null ? 5.0 : factor;
    startAfter = startAfter == null ? "1m" : startAfter;
  }

  public enum Shape {
    @JsonProperty("constant") CONSTANT,
    @JsonProperty("step") STEP,
    @JsonProperty("spike") SPIKE,
    @JsonProperty("sine") SINE
  }
}
