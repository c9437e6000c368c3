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
    double perPartition = busyPerPartition(observation);
    for (int candidate = 1; candidate < observation.parallelism(); candidate++) {
      if (busiestAt(observation, perPartition, candidate) <= targetUtilisation) {
        return candidate;
      }
    }
    return observation.parallelism();
  }

  /** The busy fraction the busiest subtask is assumed to reach at {@code parallelism}. */
  static double busiestAt(Observation observation, int parallelism) {
    return busiestAt(observation, busyPerPartition(observation), parallelism);
  }

  private static double busiestAt(Observation observation, double perPartition, int parallelism) {
    return perPartition * PartitionAlignment.partitionsPerSubtask(observation.sourcePartitions(), parallelism);
  }

  /** The busiest subtask's busy fraction, per partition it reads now. */
  private static double busyPerPartition(Observation observation) {
    double maxBusy = observation.vertices().stream()
        .mapToDouble(VertexLoad::maxBusy)
        .max()
        .orElse(0);
    return maxBusy / PartitionAlignment.partitionsPerSubtask(observation.sourcePartitions(),
        observation.parallelism());
  }
}
