package dev.sluice.autoscaler;

/**
 * What one source reports.
 *
 * @param name the source, e.g. its Dataset name
 * @param lag records written to the source and not yet read by the job
 * @param arrivalRate records per second written to the source (not the rate the job reads)
 */
public record SourceMetrics(String name, double lag, double arrivalRate) {

  public SourceMetrics {
    if (lag < 0 || arrivalRate < 0) {
      throw new IllegalArgumentException("lag and arrival rate must not be negative: " + name);
    }
  }
}
