package dev.sluice.autoscaler;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One look at a running pipeline, taken every reporting interval (15-30 s). Rates are averages over
 * that interval; lag, parallelism and checkpoint state are as of {@code time}.
 *
 * @param time when the observation was taken; the autoscaler never reads a clock
 * @param runningSince when the job last switched to running; empty while it is not running
 * @param parallelism the job's current parallelism
 * @param sourcePartitions the source partition count; parallelism above it leaves subtasks idle
 */
public record Observation(
    Instant time,
    Optional<Instant> runningSince,
    int parallelism,
    int sourcePartitions,
    List<SourceMetrics> sources,
    List<VertexLoad> vertices,
    CheckpointMetrics checkpoints) {

  public Observation {
    if (parallelism < 1 || sourcePartitions < 1) {
      throw new IllegalArgumentException("parallelism and sourcePartitions must be at least 1");
    }
    sources = List.copyOf(sources);
    vertices = List.copyOf(vertices);
    if (sources.isEmpty() || vertices.stream().noneMatch(VertexLoad::source)) {
      throw new IllegalArgumentException("an observation needs a source and a source vertex");
    }
  }

  public boolean running() {
    return runningSince.isPresent();
  }

  /** Records per second arriving at all sources. */
  public double arrivalRate() {
    return sources.stream().mapToDouble(SourceMetrics::arrivalRate).sum();
  }

  /** Records waiting at all sources. */
  public double lag() {
    return sources.stream().mapToDouble(SourceMetrics::lag).sum();
  }

  /** Whether every source's lag was checked, so that a lag of zero means nothing waits. */
  public boolean lagChecked() {
    return sources.stream().allMatch(SourceMetrics::lagChecked);
  }

  /** Records per second the job reads from its sources. */
  public double throughput() {
    return vertices.stream()
        .filter(VertexLoad::source)
        .mapToDouble(VertexLoad::processingRate)
        .sum();
  }

  /** The vertex with the highest average busy time: the one that needs subtasks first. */
  public VertexLoad bottleneck() {
    VertexLoad busiest = vertices.get(0);
    for (VertexLoad vertex : vertices) {
      if (vertex.averageBusy() > busiest.averageBusy()) {
        busiest = vertex;
      }
    }
    return busiest;
  }
}
