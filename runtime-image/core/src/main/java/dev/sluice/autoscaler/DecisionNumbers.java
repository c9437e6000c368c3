package dev.sluice.autoscaler;

/**
 * The numbers behind a decision, in the order the autoscaler uses them.
 *
 * @param arrivalRate records per second arriving at the sources
 * @param lag records waiting at the sources
 * @param throughput records per second the sources read
 * @param catchUpSeconds the time the backlog should be worked off in
 * @param busiestVertexBusy the average busy ratio of the bottleneck vertex
 * @param subtaskTrueRate records per second one subtask of the bottleneck does fully busy
 * @param requiredSubtasks subtasks that serve the demand at the target utilisation
 * @param requiredSubtasksAfterRescale the same, with the backlog a rescale's restart adds
 * @param keepUpSubtasks subtasks that keep up with the arrivals fully busy
 * @param checkpointAgeSeconds age of the latest completed checkpoint, -1 without one
 * @param checkpointDurationSeconds duration of the latest completed checkpoint, -1 without one
 * @param checkpointFailuresInRow checkpoints failed since the last completed one
 * @param targetParallelism the parallelism decided
 */
public record DecisionNumbers(
    double arrivalRate,
    double lag,
    double throughput,
    double catchUpSeconds,
    double busiestVertexBusy,
    double subtaskTrueRate,
    double requiredSubtasks,
    double requiredSubtasksAfterRescale,
    double keepUpSubtasks,
    double checkpointAgeSeconds,
    double checkpointDurationSeconds,
    int checkpointFailuresInRow,
    int targetParallelism) {
}
