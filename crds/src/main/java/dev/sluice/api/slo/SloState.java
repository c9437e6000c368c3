package dev.sluice.api.slo;

/** Healthy: within budget. Burning: an alerting burn rate is exceeded. Exhausted: no budget left. */
public enum SloState {
  Healthy, Burning, Exhausted, NoData
}
