package dev.sluice.api.slo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.sluice.api.common.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** The service level indicator. Exactly one kind is set; each is good or bad at every sample. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "[has(self.freshness), has(self.lag), has(self.checkpointSuccess), has(self.availability), "
        + "has(self.qualityPassRate), has(self.latency)].filter(set, set).size() == 1",
    message = "spec.indicator must set exactly one of freshness, lag, checkpointSuccess, availability, "
        + "qualityPassRate or latency",
    reason = "FieldValueInvalid")
public record Indicator(
    @JsonPropertyDescription("Good while the newest output data is younger than threshold.")
    Freshness freshness,

    @JsonPropertyDescription("Good while the source backlog is below maxRecords and/or maxDelay.")
    Lag lag,

    @JsonPropertyDescription("Good while checkpoints complete: the fraction of checkpoints that succeed.")
    CheckpointSuccess checkpointSuccess,

    @JsonPropertyDescription("Good while the job is RUNNING.")
    Availability availability,

    @JsonPropertyDescription("The fraction of rows that pass the Pipeline's quality rules.")
    QualityPassRate qualityPassRate,

    @JsonPropertyDescription("Good while the given percentile of end-to-end latency is below threshold.")
    Latency latency) {


  public record Freshness(
      @Required
      @ValidationRule(value = Durations.CEL_IS_DURATION, message = Durations.NOT_A_DURATION)
      @ValidationRule(value = Durations.CEL_IS_POSITIVE, message = Durations.NOT_POSITIVE)
      @JsonPropertyDescription("Largest acceptable age of the newest data, such as 5m.")
      String threshold) {
  }

  @ValidationRule(value = "has(self.maxRecords) || has(self.maxDelay)",
      message = "spec.indicator.lag needs maxRecords, maxDelay or both", reason = "FieldValueRequired")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Lag(
      @Min(1)
      @JsonPropertyDescription("Largest acceptable backlog in records, at least 1.")
      Long maxRecords,

      @ValidationRule(value = Durations.CEL_IS_DURATION, message = Durations.NOT_A_DURATION)
      @ValidationRule(value = Durations.CEL_IS_POSITIVE, message = Durations.NOT_POSITIVE)
      @JsonPropertyDescription("Largest acceptable backlog in time to drain, such as 2m.")
      String maxDelay) {
  }

  public record CheckpointSuccess() {
  }

  public record Availability() {
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record QualityPassRate(
      @JsonPropertyDescription("Only this quality rule; all rules when absent.")
      String rule) {
  }

  public record Latency(
      @Default("99")
      @Min(value = 0, inclusive = false)
      @Max(value = 100, inclusive = false)
      @JsonPropertyDescription("The percentile, such as 99.")
      Double percentile,

      @Required
      @ValidationRule(value = Durations.CEL_IS_DURATION, message = Durations.NOT_A_DURATION)
      @ValidationRule(value = Durations.CEL_IS_POSITIVE, message = Durations.NOT_POSITIVE)
      @JsonPropertyDescription("Largest acceptable latency at that percentile, such as 30s.")
      String threshold) {

    public Latency {
      percentile = percentile == null ? 99.0 : percentile;
    }
  }
}
