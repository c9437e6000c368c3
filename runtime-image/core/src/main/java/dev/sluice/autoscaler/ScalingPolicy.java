package dev.sluice.autoscaler;

import dev.sluice.api.common.Durations;
import dev.sluice.api.pipeline.AutoscalerSpec;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineSpec;
import dev.sluice.api.slo.ServiceLevelObjective;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The autoscaler's configuration for one Pipeline: {@code spec.autoscaler} within {@code
 * spec.parallelism}, with the catch-up time a freshness or lag objective implies where one
 * concerns the Pipeline (see {@link Deadlines}) instead of {@code spec.autoscaler.catchUpTime}.
 * The restart time and the checkpoint failure threshold are the autoscaler's defaults.
 *
 * @param catchUpFrom the objective the catch-up time comes from, if one does
 * @param budgetBurning an objective about the Pipeline that burns its error budget at the page
 *     rate, if one does: see {@link Autoscaler#Autoscaler(AutoscalerConfig, Optional, Optional)}
 * @param lagBound the tightest bound in records a lag objective sets, if one does
 */
public record ScalingPolicy(AutoscalerConfig config, Optional<Deadlines.Deadline> catchUpFrom,
    Optional<String> budgetBurning, Optional<LagBound> lagBound) {

  /** The autoscaler this policy configures. */
  public Autoscaler autoscaler() {
    return new Autoscaler(config, budgetBurning, lagBound);
  }

  /** The policy with what those of {@code objectives} that concern the Pipeline (or its outputs) add. */
  public static ScalingPolicy of(Pipeline pipeline, Collection<ServiceLevelObjective> objectives) {
    List<ServiceLevelObjective> concerning = objectives.stream()
        .filter(objective -> Deadlines.concerns(objective, pipeline))
        .toList();
    return of(pipeline.getSpec(), Deadlines.tightest(concerning), Deadlines.pagingObjective(concerning),
        Deadlines.lagBound(concerning));
  }

  public static ScalingPolicy of(PipelineSpec spec, Optional<Deadlines.Deadline> deadline,
      Optional<String> budgetBurning, Optional<LagBound> lagBound) {
    AutoscalerSpec autoscaler = spec.autoscaler();
    int min = spec.parallelism().min();
    int max = spec.parallelism().max();
    AutoscalerConfig defaults = AutoscalerConfig.defaults(min, max);
    AutoscalerConfig config = new AutoscalerConfig(
        autoscaler.enabled(),
        min,
        max,
        autoscaler.targetUtilization(),
        Durations.parse(autoscaler.catchUpTime()),
        Durations.parse(autoscaler.stabilizationWindow()),
        Durations.parse(autoscaler.cooldown()),
        autoscaler.maxScaleFactor(),
        defaults.restartTime(),
        Durations.parse(autoscaler.maxCheckpointAge()),
        defaults.checkpointFailureThreshold());
    return new ScalingPolicy(
        deadline.map(tightest -> config.withCatchUpFromObjective(tightest.threshold())).orElse(config), deadline,
        budgetBurning, lagBound);
  }

  /** The autoscaler's reason, and where the catch-up time in it comes from when an objective set it. */
  public String explain(String reason) {
    return reason + catchUpFrom.map(deadline -> "; catch-up time set by " + deadline.describe()).orElse("");
  }
}
