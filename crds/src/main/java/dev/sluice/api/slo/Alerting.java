package dev.sluice.api.slo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

import java.util.Map;

/**
 * Burn-rate alerting in the multi-window style: a page when the budget burns fast over both a
 * long and a short window (1h/5m, 6h/30m), a ticket when it burns slowly (1d/2h, 3d/6h).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Alerting(
    @Default("true")
    @JsonPropertyDescription("Write PrometheusRules where the Prometheus Operator is installed.")
    Boolean enabled,

    @Default("14.4")
    @Min(1)
    @JsonPropertyDescription("Burn rate over 1h (and 5m) that pages; 14.4 spends 2% of a 30-day budget in an hour.")
    Double pageBurnRate,

    @Default("1.0")
    @Min(value = 0, inclusive = false)
    @JsonPropertyDescription("Burn rate over 3d (and 6h) that opens a ticket.")
    Double ticketBurnRate,

    @JsonPropertyDescription("Labels added to the alerts, for routing.")
    Map<String, String> labels) {

  public static final Alerting DEFAULT = new Alerting(null, null, null, null);

  public Alerting {
    enabled = enabled == null || enabled;
    pageBurnRate = pageBurnRate == null ? 14.4 : pageBurnRate;
    ticketBurnRate = ticketBurnRate == null ? 1.0 : ticketBurnRate;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
