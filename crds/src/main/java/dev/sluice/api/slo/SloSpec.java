package dev.sluice.api.slo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.sluice.api.common.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "!has(self.objective) || (self.objective > 0.0 && self.objective < 100.0)",
    message = "spec.objective must be a percentage above 0 and below 100, such as 99.5",
    reason = "FieldValueInvalid", fieldPath = ".objective")
@ValidationRule(
    value = "!has(self.window) || !self.window.matches('" + Durations.WINDOW_REGEX + "') "
        + "|| int(self.window.substring(0, self.window.size() - 1)) * (self.window.endsWith('m') ? 1 "
        + ": self.window.endsWith('h') ? 60 : self.window.endsWith('d') ? 1440 : 10080) >= 60",
    message = "spec.window must be at least 1h, such as 1h, 7d or 28d", reason = "FieldValueInvalid",
    fieldPath = ".window")
@ValidationRule(
    value = "!has(self.target) || !has(self.indicator) || self.target.kind == 'Pipeline' "
        + "|| !(has(self.indicator.checkpointSuccess) "
        + "|| has(self.indicator.availability) || has(self.indicator.lag) || has(self.indicator.qualityPassRate))",
    message = "spec.indicator: lag, checkpointSuccess, availability and qualityPassRate apply to a Pipeline target; "
        + "a Dataset target takes freshness or latency",
    reason = "FieldValueInvalid", fieldPath = ".indicator")
public record SloSpec(
    @Required
    @JsonPropertyDescription("The Pipeline or Dataset, in this namespace, that the promise is about.")
    TargetRef target,

    @Required
    @JsonPropertyDescription("What is measured: exactly one indicator.")
    Indicator indicator,

    @Required
    @JsonPropertyDescription("Percentage of the window in which the indicator must be good, such as 99.5.")
    Double objective,

    @Default("28d")
    @ValidationRule(value = "self.matches('" + Durations.WINDOW_REGEX + "')",
        message = "must be a whole number of m, h, d or w, such as 28d", reason = "FieldValueInvalid")
    @JsonPropertyDescription("The rolling window the objective is measured over, such as 28d.")
    String window,

    @Default("{}")
    @JsonPropertyDescription("Multi-window, multi-burn-rate alerts written as PrometheusRules.")
    Alerting alerting) {

  public SloSpec {
    window = window == null ? "28d" : window;
    alerting = alerting == null ? Alerting.DEFAULT : alerting;
  }
}
