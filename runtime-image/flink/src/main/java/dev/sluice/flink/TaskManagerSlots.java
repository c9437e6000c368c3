package dev.sluice.flink;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The task managers of a cluster whose job runs under the adaptive scheduler, and the bound on
 * the job's parallelism, through Flink's REST API. A cluster that removes a task manager first
 * lowers the bound, so that the job rescales in place (from its latest checkpoint, without a
 * failure), and then removes only task managers that run none of its tasks.
 */
public final class TaskManagerSlots {

  private record TaskManagers(List<TaskManager> taskmanagers) {
  }

  private record TaskManager(String id) {
  }

  private record VertexTaskManagers(List<VertexTaskManager> taskmanagers) {
  }

  private record VertexTaskManager(@JsonProperty("taskmanager-id") String id) {
  }

  private final RestCalls calls;

  public TaskManagerSlots(Duration timeout) {
    this.calls = new RestCalls(timeout);
  }

  /** The ids of the task managers registered with the cluster. */
  public Set<String> taskManagers(FlinkEndpoint endpoint) {
    return calls.get(endpoint, "/taskmanagers", TaskManagers.class).taskmanagers().stream()
        .map(TaskManager::id).collect(Collectors.toSet());
  }

  /** The ids of the task managers that run some task of the job. */
  public Set<String> running(FlinkEndpoint endpoint, String jobId, List<String> vertexIds) {
    return vertexIds.stream()
        .flatMap(vertex -> calls.get(endpoint, "/jobs/" + jobId + "/vertices/" + vertex + "/taskmanagers",
            VertexTaskManagers.class).taskmanagers().stream())
        .map(VertexTaskManager::id)
        .collect(Collectors.toSet());
  }

  /** Lets every vertex of the job run at most {@code parallelism} subtasks; the scheduler follows in place. */
  public void limit(FlinkEndpoint endpoint, String jobId, List<String> vertexIds, int parallelism) {
    Map<String, Object> requirements = new LinkedHashMap<>();
    vertexIds.forEach(vertex -> requirements.put(vertex,
        Map.of("parallelism", Map.of("lowerBound", 1, "upperBound", parallelism))));
    calls.put(endpoint, "/jobs/" + jobId + "/resource-requirements", requirements);
  }
}
