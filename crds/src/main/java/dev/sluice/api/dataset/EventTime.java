package dev.sluice.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.sluice.api.common.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EventTime(
    @Required
    @Size(max = 128)
    @JsonPropertyDescription("A TIMESTAMP(3) or TIMESTAMP_LTZ(3) column holding the event time.")
    String column,

    @Default("5s")
    @ValidationRule(value = Durations.CEL_IS_DURATION, message = Durations.NOT_A_DURATION)
    @JsonPropertyDescription("How late an event may arrive: the watermark trails the largest event time by this.")
    String watermarkDelay) {

  public EventTime {
    watermarkDelay = watermarkDelay == null ? "5s" : watermarkDelay;
  }
}
