package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.sluice.api.common.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AutoscalerSpec(
    @Default("false")
    @JsonPropertyDescription("Whether Sluice rescales the job between parallelism.min and parallelism.max.")
    Boolean enabled,

    @Default("0.7")
    @Min(0.1)
    @Max(1.0)
    @JsonPropertyDescription("Fraction of each subtask's time it should be busy at the chosen parallelism; "
        + "the rest is headroom for bursts.")
    Double targetUtilization,

    @Default("10m")
    @ValidationRule(value = Durations.CEL_IS_DURATION, message = Durations.NOT_A_DURATION)
    @ValidationRule(value = Durations.CEL_IS_POSITIVE, message = Durations.NOT_POSITIVE)
    @JsonPropertyDescription("How fast a backlog should be worked off. A freshness or lag SLO on an output "
        + "overrides it with the time the promise allows.")
    String catchUpTime,

    @Default("5m")
    @ValidationRule(value = Durations.CEL_IS_DURATION, message = Durations.NOT_A_DURATION)
    @JsonPropertyDescription("How long load must stay low before scaling down.")
    String stabilizationWindow,

    @Default("10m")
    @ValidationRule(value = Durations.CEL_IS_DURATION, message = Durations.NOT_A_DURATION)
    @JsonPropertyDescription("After a rescale, a decision in the opposite direction is refused for this long.")
    String cooldown,

    @Default("8.0")
    @Min(value = 1.0, inclusive = false)
    @Max(100.0)
    @JsonPropertyDescription("Largest change of one decision, as a factor of the current parallelism, above 1. "
        + "A large factor lets a spike be met in one step instead of several restarts.")
    Double maxScaleFactor,

    @Default("2m")
    @ValidationRule(value = Durations.CEL_IS_DURATION, message = Durations.NOT_A_DURATION)
    @ValidationRule(value = Durations.CEL_IS_POSITIVE, message = Durations.NOT_POSITIVE)
    @JsonPropertyDescription("No rescale while the last completed checkpoint is older than this: state is secured first.")
    String maxCheckpointAge) {

  public static final AutoscalerSpec DEFAULT = new AutoscalerSpec(null, null, null, null, null, null, null);

  public AutoscalerSpec {
    enabled = enabled != null && enabled;
    targetUtilization = targetUtilization == null ? 0.7 : targetUtilization;
    catchUpTime = catchUpTime == null ? "10m" : catchUpTime;
    stabilizationWindow = stabilizationWindow == null ? "5m" : stabilizationWindow;
    cooldown = cooldown == null ? "10m" : cooldown;
    maxScaleFactor = maxScaleFactor == null ? 8.0 : maxScaleFactor;
    maxCheckpointAge = maxCheckpointAge == null ? "2m" : maxCheckpointAge;
  }
}
