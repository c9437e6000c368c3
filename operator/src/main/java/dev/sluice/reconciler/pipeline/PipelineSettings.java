package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.plan.PlanDefaults;

import java.time.Duration;

/**
 * Operator-wide defaults for Pipelines.
 *
 * @param runtimeImage the runtime image a Pipeline runs unless it names its own
 * @param defaultStorage checkpoint and savepoint storage for Pipelines that name none, or null
 * @param observeInterval how often a running pipeline's job is observed
 */
public record PipelineSettings(String runtimeImage, String defaultStorage, Duration observeInterval) {

  String imageFor(Pipeline pipeline) {
    String own = pipeline.getSpec().resources().image();
    return own != null ? own : runtimeImage;
  }

  /** Where the pipeline's state lives, or null when neither it nor the operator names a place. */
  String storageFor(Pipeline pipeline) {
    String own = pipeline.getSpec().checkpointing().storage();
    return own != null ? own : defaultStorage;
  }

  PlanDefaults planDefaults() {
    return PlanDefaults.forStorage(defaultStorage == null ? "" : defaultStorage);
  }
}
