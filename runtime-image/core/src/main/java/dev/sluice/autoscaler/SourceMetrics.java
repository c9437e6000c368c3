package dev.sluice.autoscaler;

/**
 * What one source reports.
 *
 * @param name the source, e.g. its Dataset name
 * @param lag records written to the source and not yet read by the job
 * @param arrivalRate records per second written to the source (not the rate the job reads)
 * @param lagChecked whether the lag was checked against a count of the source's own (the Kafka
 *     consumer groups' committed offsets), so that zero means nothing waits; a lag as Flink reports
 *     it may read zero while records wait
 */
public record SourceMetrics(String name, double lag, double arrivalRate, boolean lagChecked) {

  public SourceMetrics {
    if (lag < 0 || arrivalRate < 0) {
      throw new IllegalArgumentException("lag and arrival rate must not be negative: " + name);
    }
  }

  /** A source whose lag is as reported, not checked. */
  public SourceMetrics(String name, double lag, double arrivalRate) {
    this(name, lag, arrivalRate, false);
  }
}
