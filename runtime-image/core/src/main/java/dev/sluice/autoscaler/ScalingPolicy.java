package dev.sluice.autoscaler;

import dev.sluice.api.common.Durations;
import dev.sluice.api.pipeline.AutoscalerSpec;
import dev.sluice.api.pipeline.PipelineSpec;

import java.util.Optional;

/**
 * The autoscaler's configuration for one Pipeline: {@code spec.autoscaler} within {@code
 * spec.parallelism}, with the catch-up time a freshness or lag objective implies where one
 * concerns the Pipeline (see {@link Deadlines}) instead of {@code spec.autoscaler.catchUpTime}.
 * The restart time and the checkpoint failure threshold are the autoscaler's defaults.
 *
 * @param catchUpFrom the objective the catch-up time comes from, if one does
 */
public record ScalingPolicy(AutoscalerConfig config, Optional<Deadlines.Deadline> catchUpFrom) {

  public static ScalingPolicy of(PipelineSpec spec, Optional<Deadlines.Deadline> deadline) {
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
        deadline.map(tightest -> config.withCatchUpFromObjective(tightest.threshold())).orElse(config), deadline);
  }

  /** The autoscaler's reason, and where the catch-up time in it comes from when an objective set it. */
  public String explain(String reason) {
    return reason + catchUpFrom.map(deadline -> "; catch-up time set by " + deadline.describe()).orElse("");
  }
}
