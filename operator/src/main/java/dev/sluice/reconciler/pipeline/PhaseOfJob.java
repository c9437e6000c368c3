package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Phase;
import dev.sluice.observation.FlinkJobState;

/** The phase a Pipeline is in while nothing is being changed, from its job's state. */
final class PhaseOfJob {

  private PhaseOfJob() {
  }

  static Phase of(FlinkJobState state, Phase current) {
    return switch (state) {
      case RUNNING -> Phase.Running;
      case FAILED -> Phase.Failed;
      case FINISHED, CANCELED -> current == Phase.Suspended ? Phase.Suspended : Phase.Failed;
      default -> current;
    };
  }
}
