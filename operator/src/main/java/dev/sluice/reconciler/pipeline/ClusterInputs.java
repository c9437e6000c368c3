package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.plan.PipelinePlan;

/**
 * Everything the Flink cluster of one Pipeline is rendered from.
 *
 * @param plan the validated plan; its hash changes exactly when an upgrade is needed
 * @param image the runtime image
 * @param taskManagers task manager replicas; with reactive scheduling, parallelism is replicas times slots
 * @param restorePath savepoint or checkpoint to start from, or null to start empty
 * @param running false to keep the cluster's resources but scale its processes to zero (suspended)
 */
public record ClusterInputs(Pipeline pipeline, PipelinePlan plan, String image, int taskManagers, String restorePath,
    boolean running) {
}
