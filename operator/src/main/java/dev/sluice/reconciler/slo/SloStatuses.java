package dev.sluice.reconciler.slo;

import dev.sluice.api.slo.SloState;
import dev.sluice.api.slo.SloStatus;
import dev.sluice.reconciler.Conditions;
import dev.sluice.slo.SloEvaluation;
import dev.sluice.slo.SloStatusFigures;
import io.fabric8.kubernetes.api.model.Condition;

import java.time.Instant;
import java.util.List;

/** An evaluation as an SLO's status: its figures ({@link SloStatusFigures}) and the Ready and AlertsInstalled conditions. */
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
    SloStatus status = SloStatusFigures.of(evaluation, generation, now);
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
}
