package dev.sluice.slo;

import java.util.Map;

/**
 * One indicator read from a target's status.
 *
 * @param sample what to count
 * @param counters the cumulative counters to take the next sample's counts from
 * @param unknown why the sample is missing, naming the field, or null when it is not
 */
public record SliReading(SliSample sample, Map<String, Double> counters, String unknown) {

  static SliReading of(SliSample sample, Map<String, Double> counters) {
    return new SliReading(sample, Map.copyOf(counters), null);
  }

  static SliReading missing(String why, Map<String, Double> counters) {
    return new SliReading(SliSample.missing(), Map.copyOf(counters), why);
  }
}
