package dev.sluice.reconciler.slo;

/** The reasons of an SLO's conditions and events: one list for both. */
enum SloReason {
  /** Ready: the indicator was read and counted. */
  Evaluated,
  /** Ready=False: spec.target names nothing in the namespace. */
  TargetNotFound,
  /** Ready=False: the target has not reported the figure, or the indicator is not measured. */
  NoData,
  /** Warning event: a page or ticket condition started to hold. */
  Burning,
  /** Warning event: no error budget is left. */
  Exhausted,
  /** Normal event: back to Healthy. */
  Recovered,
  /** AlertsInstalled: the PrometheusRule was applied. */
  RulesApplied,
  /** AlertsInstalled=False: spec.alerting.enabled is false. */
  AlertingDisabled,
  /** AlertsInstalled=False: the cluster has no PrometheusRule kind. */
  PrometheusOperatorAbsent
}
