package dev.sluice.autoscaler;

/**
 * Scale down only as far as the busiest subtask allows. A hot partition keeps one subtask busy
 * while the average looks idle; fewer subtasks mean more partitions on that one, so its busy time
 * is assumed to grow with its partition count (pessimistic for the hot partition itself, which
 * does not grow, and exact for evenly spread load).
 */
final class SkewGuard {

  private SkewGuard() {}

  /** The lowest parallelism at which the busiest subtask stays within the target utilisation. */
  static int lowestSafe(Observation observation, double targetUtilisation) {
    double maxBusy = observation.vertices().stream()
        .mapToDouble(VertexLoad::maxBusy)
        .max()
        .orElse(0);
    int partitions = observation.sourcePartitions();
    int current = observation.parallelism();
    double perPartition =
        maxBusy / PartitionAlignment.partitionsPerSubtask(partitions, current);
    for (int candidate = 1; candidate < current; candidate++) {
      int perSubtask = PartitionAlignment.partitionsPerSubtask(partitions, candidate);
      if (perPartition * perSubtask <= targetUtilisation) {
        return candidate;
      }
    }
    return current;
  }
}
