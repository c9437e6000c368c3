package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Checkpointing;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.plan.PlanDefaults;

import java.time.Duration;
import java.util.Optional;

/**
 * Operator-wide defaults for Pipelines.
 *
 * @param runtimeImage the runtime image a Pipeline runs unless it names its own
 * @param defaultStorage checkpoint and savepoint storage for Pipelines that name none, or null
 * @param defaultVolumeClaim the claim that backs a {@code file://} default storage, or null
 * @param observeInterval how often a running pipeline's job is observed
 */
public record PipelineSettings(String runtimeImage, String defaultStorage, String defaultVolumeClaim,
    Duration observeInterval) {

  String imageFor(Pipeline pipeline) {
    String own = pipeline.getSpec().resources().image();
    return own != null ? own : runtimeImage;
  }

  /**
   * Where the pipeline's state lives: its own storage with its own claim, or the operator's default
   * with the default claim unless it names one; empty when neither it nor the operator names a place.
   */
  Optional<StateStorage> storageFor(Pipeline pipeline) {
    Checkpointing checkpointing = pipeline.getSpec().checkpointing();
    if (checkpointing.storage() != null) {
      return Optional.of(new StateStorage(checkpointing.storage(), checkpointing.volumeClaim()));
    }
    return Optional.ofNullable(defaultStorage).map(uri -> new StateStorage(uri,
        checkpointing.volumeClaim() != null ? checkpointing.volumeClaim() : defaultVolumeClaim));
  }

  PlanDefaults planDefaults() {
    return PlanDefaults.forStorage(defaultStorage == null ? "" : defaultStorage);
  }
}
