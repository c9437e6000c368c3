package dev.sluice.flink;

import dev.sluice.observation.CheckpointStats;
import dev.sluice.observation.CompletedCheckpoint;
import dev.sluice.observation.FailedCheckpoint;
import dev.sluice.observation.JobVertex;
import dev.sluice.flink.RestMessages.Checkpoint;
import dev.sluice.flink.RestMessages.CheckpointingStatistics;
import dev.sluice.flink.RestMessages.FailureCause;
import dev.sluice.flink.RestMessages.JobDetailsInfo;
import dev.sluice.flink.RestMessages.Latest;
import dev.sluice.flink.RestMessages.PlanInput;
import dev.sluice.flink.RestMessages.PlanNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** From Flink's REST messages to the client's records. */
final class RestMapping {

  /** What Flink reports as the path of a checkpoint kept in job manager memory. */
  private static final String NOT_EXTERNALLY_ADDRESSABLE = "<checkpoint-not-externally-addressable>";

  private RestMapping() {
  }

  /** The vertices, with sources and sinks told apart by the job plan's edges. */
  static List<JobVertex> vertices(JobDetailsInfo info) {
    List<PlanNode> nodes = info.plan() == null || info.plan().nodes() == null ? List.of() : info.plan().nodes();
    Map<String, List<PlanInput>> inputs = nodes.stream()
        .collect(Collectors.toMap(PlanNode::id, node -> node.inputs() == null ? List.of() : node.inputs(),
            (a, b) -> a));
    Set<String> readFrom = inputs.values().stream()
        .flatMap(List::stream)
        .map(PlanInput::id)
        .collect(Collectors.toSet());
    return info.vertices().stream()
        .map(vertex -> new JobVertex(vertex.id(), vertex.name(), vertex.parallelism(),
            inputs.getOrDefault(vertex.id(), List.of()).isEmpty(), !readFrom.contains(vertex.id())))
        .toList();
  }

  static CheckpointStats checkpointStats(CheckpointingStatistics stats) {
    Optional<Checkpoint> latest = Optional.ofNullable(stats.latest()).map(Latest::completed);
    long latestId = latest.map(Checkpoint::id).orElse(-1L);
    List<Checkpoint> history = stats.history() == null ? List.of() : stats.history();
    // Savepoints are left out: a failed savepoint does not leave the job without a recent checkpoint.
    List<Checkpoint> failedCheckpoints = Stream.concat(
            Optional.ofNullable(stats.latest()).map(Latest::failed).stream(), history.stream())
        .filter(checkpoint -> "FAILED".equals(checkpoint.status()) && !checkpoint.savepoint())
        .toList();
    int failuresSince = (int) failedCheckpoints.stream()
        .filter(checkpoint -> checkpoint.id() > latestId)
        .mapToLong(Checkpoint::id)
        .distinct()
        .count();
    Optional<FailedCheckpoint> latestFailed = failedCheckpoints.stream()
        .max(Comparator.comparingLong(Checkpoint::id))
        .map(RestMapping::failed);
    var counts = stats.counts();
    Optional<CompletedCheckpoint> latestSavepoint = Optional.ofNullable(stats.latest()).map(Latest::savepoint)
        .map(RestMapping::completed);
    return new CheckpointStats(counts.completed(),
        latest.map(RestMapping::completed), latestFailed, failuresSince, latestSavepoint,
        counts.inProgress());
  }

  private static CompletedCheckpoint completed(Checkpoint checkpoint) {
    Optional<String> path = Optional.ofNullable(checkpoint.externalPath())
        .filter(external -> !external.equals(NOT_EXTERNALLY_ADDRESSABLE));
    return new CompletedCheckpoint(checkpoint.id(), Instant.ofEpochMilli(checkpoint.triggerTimestamp()),
        Instant.ofEpochMilli(checkpoint.latestAckTimestamp()), Duration.ofMillis(checkpoint.endToEndDuration()),
        checkpoint.stateSize(), path);
  }

  private static FailedCheckpoint failed(Checkpoint checkpoint) {
    return new FailedCheckpoint(checkpoint.id(), Instant.ofEpochMilli(checkpoint.triggerTimestamp()),
        Instant.ofEpochMilli(checkpoint.failureTimestamp()), Optional.ofNullable(checkpoint.failureMessage()));
  }

  /** The exception Flink reports and its root cause, without the stack frames. */
  static String failureSummary(FailureCause cause) {
    if (cause.stackTrace() == null) {
      return String.valueOf(cause.className());
    }
    List<String> lines = cause.stackTrace().lines().toList();
    String first = lines.isEmpty() ? cause.className() : lines.get(0);
    return lines.stream()
        .filter(line -> line.startsWith("Caused by: "))
        .reduce((earlier, later) -> later)
        .map(root -> first + "; root cause: " + root.substring("Caused by: ".length()))
        .orElse(first);
  }
}
