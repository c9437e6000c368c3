package dev.sluice.observation;

import java.util.List;
import java.util.OptionalLong;

/**
 * A job with its graph.
 *
 * @param restarts Flink's {@code numRestarts} job metric; empty before the job manager reports it
 */
public record JobDetails(JobSummary summary, OptionalLong restarts, List<JobVertex> vertices) {

  public JobDetails {
    vertices = List.copyOf(vertices);
  }
}
