package dev.sluice.reconciler.slo;

import dev.sluice.api.slo.BurnRate;
import dev.sluice.api.slo.SloState;
import dev.sluice.api.slo.SloStatus;
import dev.sluice.autoscaler.HumanFormat;
import dev.sluice.reconciler.Conditions;
import dev.sluice.slo.SloEvaluation;
import io.fabric8.kubernetes.api.model.Condition;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** An evaluation as an SLO's status: figures rounded for people, and the Ready condition. */
final class SloStatuses {

  static final String READY = "Ready";
  static final String ALERTS_INSTALLED = "AlertsInstalled";

  private SloStatuses() {
  }

  /**
   * @param unknown why there is no sample, naming the field, or null when the indicator was read
   * @param notFound whether {@code unknown} is a target that does not exist
   */
  static SloStatus of(SloEvaluation evaluation, String unknown, boolean notFound, PrometheusRules.Installation alerts,
      List<Condition> previous, long generation, Instant now) {
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
    List<Condition> conditions;
    if (unknown != null) {
      conditions = Conditions.with(previous, READY, false,
          notFound ? SloReason.TargetNotFound : SloReason.NoData, unknown, generation, now);
    } else if (evaluation.state() == SloState.NoData) {
      conditions = Conditions.with(previous, READY, false, SloReason.NoData,
          "spec.target has reported once; the window holds no measured time yet", generation, now);
    } else {
      conditions = Conditions.with(previous, READY, true, SloReason.Evaluated,
          "the indicator is read at each observation of spec.target", generation, now);
    }
    status.setConditions(Conditions.with(conditions, ALERTS_INSTALLED, alerts.installed(), alerts.reason(),
        alerts.message(), generation, now));
    return status;
  }

  /** Four decimals: enough for 99.9995 %, without binary noise. */
  private static Double round(Double value) {
    return value == null || value.isNaN() ? null : Math.round(value * 10_000) / 10_000.0;
  }
}
