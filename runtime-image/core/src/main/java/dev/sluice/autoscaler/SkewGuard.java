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
    for (int candidate = 1; candidate < observation.parallelism(); candidate++) {
      if (busiestAt(observation, candidate) <= targetUtilisation) {
        return candidate;
      }
    }
    return observation.parallelism();
  }

  /** The busy fraction the busiest subtask is assumed to reach at {@code parallelism}. */
  static double busiestAt(Observation observation, int parallelism) {
    double maxBusy = observation.vertices().stream()
        .mapToDouble(VertexLoad::maxBusy)
        .max()
        .orElse(0);
    int partitions = observation.sourcePartitions();
    double perPartition = maxBusy
        / PartitionAlignment.partitionsPerSubtask(partitions, observation.parallelism());
    return perPartition * PartitionAlignment.partitionsPerSubtask(partitions, parallelism);
  }
}
