package dev.sluice.autoscaler;

/**
 * Rounds a required number of subtasks to a parallelism that splits the source partitions evenly.
 * With partitions assigned round-robin, the subtask with the most partitions limits the whole job:
 * 14 subtasks over 48 partitions do no more than 12, because some of them still read 4.
 */
final class PartitionAlignment {

  // Guards against 4.000000001 subtasks, an artefact of floating point, costing a whole subtask.
  private static final double ROUNDING_SLACK = 1e-9;

  private PartitionAlignment() {}

  /**
   * The smallest divisor of {@code partitions} that is at least {@code required} and at most
   * {@code highest}. When none is, the most capacity reachable at or below {@code highest}: the
   * fewest partitions per subtask, at the lowest parallelism that gives it.
   */
  static int align(double required, int partitions, int highest) {
    int cap = Math.min(highest, partitions);
    int atLeast = Math.max(1, (int) Math.ceil(required - ROUNDING_SLACK));
    for (int parallelism = atLeast; parallelism <= cap; parallelism++) {
      if (partitions % parallelism == 0) {
        return parallelism;
      }
    }
    int perSubtask = ceilDiv(partitions, cap);
    return ceilDiv(partitions, perSubtask);
  }

  /** Partitions read by the busiest subtask at {@code parallelism}. */
  static int partitionsPerSubtask(int partitions, int parallelism) {
    return ceilDiv(partitions, parallelism);
  }

  private static int ceilDiv(int dividend, int divisor) {
    return (dividend + divisor - 1) / divisor;
  }
}
