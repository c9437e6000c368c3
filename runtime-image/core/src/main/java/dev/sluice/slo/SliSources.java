package dev.sluice.slo;

import dev.sluice.api.common.Durations;
import dev.sluice.api.dataset.DatasetStatus;
import dev.sluice.api.pipeline.CheckpointStatus;
import dev.sluice.api.pipeline.LagStatus;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.QualityViolations;
import dev.sluice.api.slo.Indicator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads each indicator from what the operator already writes on its target's status, so an SLO
 * adds no polling of its own. A figure the target has not reported is a missing sample, never a
 * guess.
 */
public final class SliSources {

  static final String COMPLETED = "checkpoints.completed";
  static final String FAILURES = "checkpoints.failuresInARow";
  static final String VIOLATIONS = "quality.violations";
  static final String SAMPLED_AT = "quality.sampledAt";

  private SliSources() {
  }

  /**
   * @param pipeline the target Pipeline's status, or null when the target is a Dataset
   * @param dataset the target Dataset's status, or null when the target is a Pipeline
   * @param previous the counters of the previous reading
   */
  public static SliReading read(Indicator indicator, PipelineStatus pipeline, DatasetStatus dataset,
      Map<String, Double> previous, Instant now) {
    if (indicator.latency() != null) {
      return SliReading.missing("spec.indicator.latency: end-to-end latency is not measured yet, so this SLO "
          + "has no data; use freshness, which bounds how far behind the input the outputs are", previous);
    }
    if (indicator.freshness() != null) {
      return freshness(indicator.freshness(), pipeline, dataset, previous, now);
    }
    if (pipeline == null) {
      return SliReading.missing("spec.target has not reported yet", previous);
    }
    if (indicator.lag() != null) {
      return lag(indicator.lag(), pipeline.getLag(), previous);
    }
    if (indicator.availability() != null) {
      String state = pipeline.getJob() == null ? null : pipeline.getJob().getState();
      if (state == null) {
        return SliReading.missing("spec.target has not reported a job state yet", previous);
      }
      return SliReading.of("RUNNING".equals(state) ? SliSample.good(1) : SliSample.bad(0), previous);
    }
    if (indicator.checkpointSuccess() != null) {
      return checkpoints(pipeline.getCheckpoint(), previous);
    }
    return quality(indicator.qualityPassRate(), pipeline, previous, now);
  }

  /** The age of the target's freshThrough now, so a stopped job ages between its observations. */
  private static SliReading freshness(Indicator.Freshness freshness, PipelineStatus pipeline, DatasetStatus dataset,
      Map<String, Double> previous, Instant now) {
    String through = pipeline != null ? pipeline.getFreshThrough() : dataset == null ? null : dataset.getFreshThrough();
    if (through == null) {
      return SliReading.missing("spec.target has not reported freshThrough yet", previous);
    }
    Instant freshThrough = Instant.parse(through);
    double age = freshThrough.isAfter(now) ? 0 : Duration.between(freshThrough, now).toMillis() / 1000.0;
    return SliReading.of(SliSample.atMost(age, Durations.parse(freshness.threshold()).toMillis() / 1000.0),
        previous);
  }

  /** Good while every bound that is set holds; the figure is seconds when maxDelay is set, records otherwise. */
  private static SliReading lag(Indicator.Lag bounds, LagStatus lag, Map<String, Double> previous) {
    Double seconds = lag == null ? null : lag.getSeconds();
    Long records = lag == null ? null : lag.getRecords();
    if ((bounds.maxDelay() != null && seconds == null) || (bounds.maxRecords() != null && records == null)) {
      return SliReading.missing("spec.target has not reported its lag yet", previous);
    }
    boolean good = (bounds.maxDelay() == null || seconds <= Durations.parse(bounds.maxDelay()).toMillis() / 1000.0)
        && (bounds.maxRecords() == null || records <= bounds.maxRecords());
    double value = bounds.maxDelay() != null ? seconds : records;
    return SliReading.of(good ? SliSample.good(value) : SliSample.bad(value), previous);
  }

  /**
   * Checkpoints completed and failed since the previous reading. Status holds the completed count
   * and the failures since the last completion, so failures followed by a completion between two
   * readings are not seen; at the observation pace (seconds) against checkpoint intervals, rarely.
   */
  private static SliReading checkpoints(CheckpointStatus checkpoint, Map<String, Double> previous) {
    if (checkpoint == null || checkpoint.getCompleted() == null) {
      return SliReading.missing("spec.target has not reported checkpoints yet", previous);
    }
    double completed = checkpoint.getCompleted();
    double failures = checkpoint.getFailuresInARow() == null ? 0 : checkpoint.getFailuresInARow();
    Map<String, Double> counters = Map.of(COMPLETED, completed, FAILURES, failures);
    if (!previous.containsKey(COMPLETED)) {
      return SliReading.of(SliSample.events(0, 0), counters);
    }
    double before = previous.get(COMPLETED);
    // A job that restarted counts from zero again.
    double newlyCompleted = completed >= before ? completed - before : completed;
    double newlyFailed = newlyCompleted > 0 ? failures : Math.max(0, failures - previous.getOrDefault(FAILURES, 0.0));
    return SliReading.of(SliSample.events(newlyCompleted, newlyCompleted + newlyFailed), counters);
  }

  /**
   * Rows that passed against rows checked since the previous reading: rows in is the observed input
   * rate times the time between readings, and violations come from the per-rule counts.
   */
  private static SliReading quality(Indicator.QualityPassRate passRate, PipelineStatus pipeline,
      Map<String, Double> previous, Instant now) {
    Double rate = pipeline.getThroughput() == null ? null : pipeline.getThroughput().getInputRecordsPerSecond();
    if (rate == null) {
      return SliReading.missing("spec.target has not reported its input rate yet", previous);
    }
    double violations = pipeline.getQuality().stream()
        .filter(rule -> passRate.rule() == null || passRate.rule().equals(rule.getRule()))
        .map(QualityViolations::getViolations)
        .filter(java.util.Objects::nonNull)
        .mapToDouble(Long::doubleValue).sum();
    Map<String, Double> counters = new HashMap<>();
    counters.put(VIOLATIONS, violations);
    counters.put(SAMPLED_AT, now.toEpochMilli() / 1000.0);
    if (!previous.containsKey(SAMPLED_AT)) {
      return SliReading.of(SliSample.events(0, 0), counters);
    }
    double seconds = Math.max(0, now.toEpochMilli() / 1000.0 - previous.get(SAMPLED_AT));
    double before = previous.getOrDefault(VIOLATIONS, 0.0);
    double failed = violations >= before ? violations - before : violations;
    double checked = Math.max(rate * seconds, failed);
    return SliReading.of(SliSample.events(checked - failed, checked), counters);
  }
}
