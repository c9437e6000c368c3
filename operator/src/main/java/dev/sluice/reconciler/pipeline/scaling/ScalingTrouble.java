package dev.sluice.reconciler.pipeline.scaling;

import dev.sluice.reconciler.pipeline.PipelineReason;

/** What the autoscaler finds wrong while it lasts: the reason and message of a Degraded condition. */
public record ScalingTrouble(PipelineReason reason, String message) {
}
