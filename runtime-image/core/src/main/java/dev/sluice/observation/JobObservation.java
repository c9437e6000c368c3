package dev.sluice.observation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One look at a Pipeline's Flink job, free of Flink and Kubernetes types: the reconciler turns it
 * into status ({@link ObservationStatus}) and the autoscaler's input. A value that Flink has not
 * reported yet is empty rather than zero, so that "no data" never reads as "idle".
 *
 * @param restarts how often the job restarted since it was submitted
 * @param vertices every vertex with its metrics, in the order Flink lists them
 * @param latestFailure the job's latest failure, read only for a job that is not running or has restarted
 * @param observedAt when the observation was taken
 */
public record JobObservation(
    JobSummary job,
    OptionalLong restarts,
    List<VertexMetrics> vertices,
    CheckpointStats checkpoints,
    Optional<JobFailure> latestFailure,
    Instant observedAt) {

  public JobObservation {
    vertices = List.copyOf(vertices);
  }

  /** The highest vertex parallelism: the job's parallelism, which Sluice sets for every vertex. */
  public int parallelism() {
    return vertices.stream().mapToInt(metrics -> metrics.vertex().parallelism()).max().orElse(0);
  }

  /** Records waiting at the sources (Kafka lag), summed over the sources that report it. */
  public OptionalLong sourceLagRecords() {
    return sources()
        .map(VertexMetrics::pendingRecords)
        .filter(OptionalLong::isPresent)
        .mapToLong(OptionalLong::getAsLong)
        .reduce(Long::sum);
  }

  /** Records per second the sources read. */
  public OptionalDouble inputRecordsPerSecond() {
    return sum(sources(), VertexMetrics::recordsInPerSecond);
  }

  /** Records per second reaching the sink vertices (the ends of the job graph). */
  public OptionalDouble outputRecordsPerSecond() {
    return sum(vertices.stream().filter(metrics -> metrics.vertex().sink()), VertexMetrics::recordsInPerSecond);
  }

  /** The busiest subtask's busy fraction (0 to 1) over all vertices: the bottleneck's load. */
  public OptionalDouble maxBusyRatio() {
    return vertices.stream()
        .map(VertexMetrics::maxBusyTimeMsPerSecond)
        .filter(OptionalDouble::isPresent)
        .mapToDouble(busy -> busy.getAsDouble() / 1000.0)
        .max();
  }

  private Stream<VertexMetrics> sources() {
    return vertices.stream().filter(metrics -> metrics.vertex().source());
  }

  private static OptionalDouble sum(Stream<VertexMetrics> of, Function<VertexMetrics, OptionalDouble> metric) {
    return of.map(metric)
        .filter(OptionalDouble::isPresent)
        .mapToDouble(OptionalDouble::getAsDouble)
        .reduce(Double::sum);
  }
}
