package dev.sluice.flink;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The parts of Flink 2.2's REST messages the operator reads and writes (see flink-runtime's
 * org.apache.flink.runtime.rest.messages). Unknown fields are ignored, so only these matter.
 */
final class RestMessages {

  private RestMessages() {
  }

  /** {@code GET /jobs/overview}. */
  record JobsOverview(List<JobOverview> jobs) {
  }

  record JobOverview(String jid, String name, String state, @JsonProperty("start-time") long startTime) {
  }

  /** {@code GET /jobs/:jobid}. */
  record JobDetailsInfo(
      String jid, String name, String state, @JsonProperty("start-time") long startTime,
      List<Vertex> vertices, Plan plan) {
  }

  record Vertex(String id, String name, int parallelism) {
  }

  record Plan(List<PlanNode> nodes) {
  }

  record PlanNode(String id, List<PlanInput> inputs) {
  }

  record PlanInput(String id) {
  }

  /** An item of {@code GET /jobs/:jobid/metrics?get=...}; Flink sends values as strings. */
  record MetricValue(String id, String value) {
  }

  /** An item of {@code GET .../subtasks/metrics}: a name alone, or with the requested aggregates. */
  record AggregatedMetric(String id, Double min, Double max, Double avg, Double sum) {
  }

  /** {@code GET /jobs/:jobid/exceptions}: the job's failures, newest first. */
  record JobExceptions(ExceptionHistory exceptionHistory) {
  }

  record ExceptionHistory(List<ExceptionEntry> entries) {
  }

  record ExceptionEntry(String exceptionName, String stacktrace, long timestamp) {
  }

  /** {@code GET /jobs/:jobid/checkpoints}. */
  record CheckpointingStatistics(Counts counts, Latest latest, List<Checkpoint> history) {
  }

  record Counts(long completed, @JsonProperty("in_progress") int inProgress) {
  }

  record Latest(Checkpoint completed, Checkpoint savepoint, Checkpoint failed) {
  }

  /** A checkpoint or savepoint in any state; the fields of other states are absent. */
  record Checkpoint(
      long id,
      String status,
      @JsonProperty("is_savepoint") boolean savepoint,
      @JsonProperty("trigger_timestamp") long triggerTimestamp,
      @JsonProperty("latest_ack_timestamp") long latestAckTimestamp,
      @JsonProperty("end_to_end_duration") long endToEndDuration,
      @JsonProperty("state_size") long stateSize,
      @JsonProperty("external_path") String externalPath,
      @JsonProperty("failure_timestamp") long failureTimestamp,
      @JsonProperty("failure_message") String failureMessage) {
  }

  /** {@code POST /jobs/:jobid/savepoints}; Flink's savepoint directory when none is given. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SavepointRequest(
      @JsonProperty("target-directory") String targetDirectory,
      @JsonProperty("cancel-job") boolean cancelJob) {
  }

  /** {@code POST /jobs/:jobid/stop}; note the camel case, unlike the savepoint request. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record StopRequest(String targetDirectory, boolean drain) {
  }

  /** {@code POST /jobs/:jobid/checkpoints}: a checkpoint of the kind the job is configured for. */
  record CheckpointRequest(String checkpointType) {
  }

  /** {@code GET /jobs/:jobid/checkpoints/:triggerid}. */
  record CheckpointOperation(QueueStatus status, CheckpointInfo operation) {

    boolean completed() {
      return QueueStatus.completed(status);
    }
  }

  /** Either the checkpoint's id or the cause of the failure. */
  record CheckpointInfo(Long checkpointId, FailureCause failureCause) {
  }

  /** {@code GET /overview}, the part the operator reads. */
  record ClusterOverview(@JsonProperty("slots-total") int slotsTotal) {
  }

  /** The answer to a request that starts an asynchronous operation. */
  record TriggerResponse(@JsonProperty("request-id") String requestId) {
  }

  /** {@code GET /jobs/:jobid/savepoints/:triggerid}. */
  record AsyncOperation(QueueStatus status, SavepointInfo operation) {

    boolean completed() {
      return QueueStatus.completed(status);
    }
  }

  /** Where an asynchronous operation stands: IN_PROGRESS, then COMPLETED whether it succeeded or not. */
  record QueueStatus(String id) {

    static boolean completed(QueueStatus status) {
      return status != null && "COMPLETED".equals(status.id());
    }
  }

  /** Either a location or the cause of the failure. */
  record SavepointInfo(String location, @JsonProperty("failure-cause") FailureCause failureCause) {
  }

  record FailureCause(@JsonProperty("class") String className, @JsonProperty("stack-trace") String stackTrace) {
  }

  record ErrorResponse(List<String> errors) {
  }
}
