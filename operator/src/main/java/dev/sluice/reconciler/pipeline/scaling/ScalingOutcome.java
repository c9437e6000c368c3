package dev.sluice.reconciler.pipeline.scaling;

import java.util.Optional;

/** The parallelism to run at, and what the autoscaler finds wrong, if anything. */
public record ScalingOutcome(int parallelism, Optional<ScalingTrouble> trouble) {
}
