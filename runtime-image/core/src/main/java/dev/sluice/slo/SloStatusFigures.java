package dev.sluice.slo;

import dev.sluice.api.slo.BurnRate;
import dev.sluice.api.slo.SloStatus;
import dev.sluice.autoscaler.HumanFormat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * An evaluation's figures as an SLO's status, rounded for people: what the operator writes and
 * what local mode shows. The conditions are the operator's to add.
 */
public final class SloStatusFigures {

  private SloStatusFigures() {
  }

  /** @param generation the metadata.generation evaluated, or null where there is none (local mode) */
  public static SloStatus of(SloEvaluation evaluation, Long generation, Instant now) {
    SloStatus status = new SloStatus();
    status.setObservedGeneration(generation);
    status.setState(evaluation.state());
    status.setSli(round(evaluation.sli()));
    status.setCompliance(round(evaluation.compliance()));
    status.setErrorBudgetRemaining(round(evaluation.errorBudgetRemaining()));
    List<BurnRate> burnRates = new ArrayList<>();
    evaluation.burnRates().forEach((window, rate) -> {
      BurnRate burn = new BurnRate();
      burn.setWindow(window.label());
      burn.setRate(round(rate));
      burnRates.add(burn);
    });
    status.setBurnRates(burnRates);
    status.setFiring(evaluation.firing().stream().map(alert -> alert.severity().label()).distinct().toList());
    status.setTimeToExhaustion(evaluation.timeToExhaustion() == null ? null
        : HumanFormat.duration(evaluation.timeToExhaustion()));
    status.setLastEvaluationTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
    return status;
  }

  /** Four decimals: enough for 99.9995 %, without binary noise. */
  private static Double round(Double value) {
    return value == null || value.isNaN() ? null : Math.round(value * 10_000) / 10_000.0;
  }
}
