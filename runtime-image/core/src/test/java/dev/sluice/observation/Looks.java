package dev.sluice.observation;

import dev.sluice.observation.CheckpointStats;
import dev.sluice.observation.CompletedCheckpoint;
import dev.sluice.observation.FlinkJobState;
import dev.sluice.observation.JobObservation;
import dev.sluice.observation.JobSummary;
import dev.sluice.observation.JobVertex;
import dev.sluice.observation.VertexMetrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Looks at a job of two vertices, a Kafka source and a sink, as the observer would take them. */
public final class Looks {

  public static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  public static final String JOB = "job-1";
  public static final CheckpointStats CHECKPOINTED = new CheckpointStats(3,
      Optional.of(new CompletedCheckpoint(3, START.plusSeconds(50), START.plusSeconds(51), Duration.ofMillis(800),
          1_000, Optional.empty())), Optional.empty(), 0, Optional.empty(), 0);

  private Looks() {
  }

  /**
   * A running job at {@code parallelism}, {@code seconds} after {@link #START}.
   *
   * @param read records per second the source reads
   * @param backlog the source's pendingRecords, or null when not reported
   * @param busy the busy fraction of both vertices, or null when not reported
   */
  public static JobObservation look(long seconds, int parallelism, double read, Long backlog, Double busy) {
    JobVertex source = new JobVertex("v1", "Source: orders", parallelism, true, false);
    JobVertex sink = new JobVertex("v2", "Sink: totals", parallelism, false, true);
    OptionalDouble busyMillis = busy == null ? OptionalDouble.empty() : OptionalDouble.of(busy * 1000);
    return new JobObservation(new JobSummary(JOB, "sluice/shop/orders", FlinkJobState.RUNNING, START),
        OptionalLong.of(0),
        List.of(new VertexMetrics(source, busyMillis, busyMillis, OptionalDouble.of(read), OptionalDouble.of(read),
                backlog == null ? OptionalLong.empty() : OptionalLong.of(backlog)),
            new VertexMetrics(sink, busyMillis, busyMillis, OptionalDouble.of(read), OptionalDouble.of(0),
                OptionalLong.empty())),
        CHECKPOINTED, Optional.empty(), START.plusSeconds(seconds));
  }
}
