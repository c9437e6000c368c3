package dev.sluice.flink;

/**
 * A savepoint operation Flink accepted; poll it with {@link FlinkJobClient#savepointLocation}.
 * Worth keeping in status: the trigger id stays valid while the job manager runs.
 */
public record SavepointTrigger(String jobId, String triggerId) {
}
