package dev.sluice.autoscaler.sim;

import dev.sluice.autoscaler.Autoscaler;
import dev.sluice.autoscaler.AutoscalerConfig;
import dev.sluice.autoscaler.AutoscalerHistory;
import dev.sluice.autoscaler.LagBound;
import dev.sluice.autoscaler.Observation;
import dev.sluice.autoscaler.ScalingDecision;
import java.util.Optional;

/**
 * Sluice's autoscaler, keeping its history between calls the way the operator will; with an
 * objective, told at each look whether it pages and given its bound in records, as the operator
 * does (a new autoscaler per look over the history kept).
 */
public final class SluicePolicy implements PolicyUnderTest {

  private final AutoscalerConfig config;
  private final Optional<LagObjective> objective;
  private AutoscalerHistory history = AutoscalerHistory.empty();

  public SluicePolicy(AutoscalerConfig config) {
    this(config, Optional.empty());
  }

  SluicePolicy(AutoscalerConfig config, Optional<LagObjective> objective) {
    this.config = config;
    this.objective = objective;
  }

  /** Sluice runs its jobs in reactive mode and adds task managers to scale up. */
  @Override
  public boolean waitsForCheckpoint(boolean up) {
    return up;
  }

  /** Sluice's operator asks for the checkpoint a scale-up waits for. */
  @Override
  public boolean asksForRescaleCheckpoint() {
    return true;
  }

  /** Sluice's operator removes a scale-down's task managers once a checkpoint it asked for is over. */
  @Override
  public boolean checkpointsBeforeScaleDown() {
    return true;
  }

  @Override
  public String name() {
    return objective.isPresent() ? "sluice+slo" : "sluice";
  }

  /** The operator's looks, which decide nothing until two of them measure the job. */
  @Override
  public MetricsReporter.Readings readings() {
    return MetricsReporter.Readings.OPERATOR;
  }

  @Override
  public ScalingDecision decide(Observation observation) {
    // SloEvaluation.pages() is status.firing holding "page", which Deadlines.pagingObjective reads.
    Optional<String> budgetBurning = objective
        .filter(slo -> slo.observe(observation.time(), observation.lag()).pages())
        .map(slo -> LagObjective.NAME);
    Autoscaler.Evaluation evaluation = new Autoscaler(config, budgetBurning,
        objective.map(slo -> new LagBound(LagObjective.NAME, slo.maxRecords()))).evaluate(observation, history);
    history = evaluation.history();
    return evaluation.decision();
  }
}
