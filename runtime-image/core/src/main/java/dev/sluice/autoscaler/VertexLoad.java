package dev.sluice.autoscaler;

/**
 * What one job vertex reports, aggregated over its subtasks for the last reporting interval.
 *
 * @param name the vertex
 * @param source whether the vertex reads a source; its processing rate is the job's throughput
 * @param processingRate records per second the vertex processed, summed over its subtasks
 * @param averageBusy the busy fraction (busyTimeMsPerSecond / 1000) averaged over subtasks
 * @param maxBusy the busy fraction of the busiest subtask; far above the average means skew
 */
public record VertexLoad(
    String name, boolean source, double processingRate, double averageBusy, double maxBusy) {

  public VertexLoad {
    if (processingRate < 0) {
      throw new IllegalArgumentException("processing rate must not be negative: " + name);
    }
    if (averageBusy < 0 || averageBusy > 1 || maxBusy < averageBusy || maxBusy > 1) {
      throw new IllegalArgumentException(
          "busy fractions must satisfy 0 <= average <= max <= 1: " + name);
    }
  }
}
