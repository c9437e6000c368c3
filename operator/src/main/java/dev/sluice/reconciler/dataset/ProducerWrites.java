package dev.sluice.reconciler.dataset;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;

/**
 * When a Dataset was last written: the time of a reconcile at which one of its producers reported
 * records reaching its sinks. Flink averages that rate over a minute, so the time can trail the
 * last write by up to a minute plus the observation interval.
 */
final class ProducerWrites {

  private ProducerWrites() {
  }

  /** @param producers the Pipelines that write the Dataset */
  static String lastWriteTime(Collection<Pipeline> producers, String previous, Instant now) {
    boolean writing = producers.stream()
        .map(Pipeline::getStatus)
        .anyMatch(ProducerWrites::writing);
    return writing ? now.truncatedTo(ChronoUnit.SECONDS).toString() : previous;
  }

  private static boolean writing(PipelineStatus status) {
    return status != null && status.getThroughput() != null && status.getThroughput().getOutputRecordsPerSecond() != null
        && status.getThroughput().getOutputRecordsPerSecond() > 0;
  }
}
