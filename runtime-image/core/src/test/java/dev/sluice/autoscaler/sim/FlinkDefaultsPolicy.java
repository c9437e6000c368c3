package dev.sluice.autoscaler.sim;

import dev.sluice.autoscaler.Observation;
import dev.sluice.autoscaler.ScalingDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The Flink Kubernetes Operator's job autoscaler, re-implemented from its documentation and
 * published algorithm with its documented defaults (job.autoscaler.*): no metrics for the
 * stabilization interval after the job starts running; no decision until a full metrics window has
 * been collected; new parallelism = ceil(current * target capacity / true processing rate), the
 * factor capped by the scale-down/scale-up max factors; aligned to the source partitions with the
 * default BALANCED mode; a scale-up at once; a scale-down only after it was recommended for the
 * whole scale-down interval, to the highest parallelism recommended within it; and only when the
 * true processing rate lies outside the utilisation bounds. Like the operator's documentation says,
 * a Kafka source's parallelism is limited to the partition count.
 */
public final class FlinkDefaultsPolicy implements PolicyUnderTest {

  static final double TARGET_UTILISATION = 0.7;
  static final double UTILISATION_BOUNDARY = 0.3;
  static final Duration CATCH_UP = Duration.ofMinutes(30);
  static final Duration RESTART = Duration.ofMinutes(5);
  static final Duration SCALE_DOWN_INTERVAL = Duration.ofHours(1);
  static final Duration STABILISATION = Duration.ofMinutes(5);
  static final Duration METRICS_WINDOW = Duration.ofMinutes(15);
  static final Duration BACKLOG_LAG_THRESHOLD = Duration.ofMinutes(5);
  static final double MAX_SCALE_DOWN_FACTOR = 0.6;
  static final double MAX_SCALE_UP_FACTOR = 100_000;
  static final int VERTEX_MIN_PARALLELISM = 1;
  static final int VERTEX_MAX_PARALLELISM = 200;

  private record Recommended(Instant at, int parallelism, boolean outsideBounds) {}

  private final List<Observation> window = new ArrayList<>();
  private Instant collectingSince;
  private Instant runningSince;
  private Instant scaleDownFirstTriggered;
  private final Deque<Recommended> scaleDowns = new ArrayDeque<>();

  @Override
  public String name() {
    return "flink-defaults";
  }

  /** The Flink operator's autoscaler reads accumulated counters: exact rates over its window. */
  @Override
  public MetricsReporter.Readings readings() {
    return MetricsReporter.Readings.COUNTERS;
  }

  @Override
  public ScalingDecision decide(Observation observation) {
    int current = observation.parallelism();
    if (!observation.running()) {
      return ScalingDecision.hold(current, "job not running");
    }
    Instant now = observation.time();
    if (!observation.runningSince().get().equals(runningSince)) {
      runningSince = observation.runningSince().get();
      window.clear();
      collectingSince = null;
    }
    if (now.isBefore(runningSince.plus(STABILISATION))) {
      return ScalingDecision.hold(current, "stabilizing");
    }
    if (collectingSince == null) {
      collectingSince = now;
    }
    window.add(observation);
    if (now.isBefore(collectingSince.plus(METRICS_WINDOW))) {
      return ScalingDecision.hold(current, "metric window not full");
    }
    window.removeIf(o -> o.time().isBefore(now.minus(METRICS_WINDOW)));
    FlinkMetricWindow metrics = FlinkMetricWindow.evaluate(window, TARGET_UTILISATION,
        UTILISATION_BOUNDARY, CATCH_UP, RESTART, BACKLOG_LAG_THRESHOLD);
    int proposed = proposedParallelism(observation, metrics);
    if (proposed > current) {
      clearScaleDowns();
      return metrics.outsideUtilisationBounds()
          ? scale(current, proposed, "scale up")
          : ScalingDecision.hold(current, "within utilisation bounds");
    }
    if (proposed == current) {
      clearScaleDowns();
      return ScalingDecision.hold(current, "no change");
    }
    return delayedScaleDown(current, proposed, metrics.outsideUtilisationBounds(), now);
  }

  private int proposedParallelism(Observation observation, FlinkMetricWindow metrics) {
    int current = observation.parallelism();
    double factor = metrics.targetCapacity() / metrics.trueProcessingRate();
    factor = Math.max(1 - MAX_SCALE_DOWN_FACTOR, Math.min(1 + MAX_SCALE_UP_FACTOR, factor));
    int upperBound = Math.min(observation.sourcePartitions(),
        Math.max(current, VERTEX_MAX_PARALLELISM));
    int lowerBound = Math.min(current, VERTEX_MIN_PARALLELISM);
    int raw = (int) Math.min(Math.ceil(factor * current), Integer.MAX_VALUE);
    int bounded = Math.max(lowerBound, Math.min(upperBound, raw));
    if (bounded == current) {
      return current;
    }
    return alignBalanced(bounded, current, observation.sourcePartitions(), upperBound);
  }

  /**
   * BALANCED alignment: the first parallelism from the target upwards (up to the upper bound when
   * scaling up, up to the current parallelism when scaling down) that divides the partitions or
   * gives each subtask fewer partitions than the target does; the target itself if none does.
   */
  static int alignBalanced(int target, int current, int partitions, int upperBound) {
    int regionEnd = target > current ? upperBound : Math.min(current, upperBound);
    for (int parallelism = target; parallelism <= regionEnd; parallelism++) {
      if (partitions % parallelism == 0 || partitions / parallelism < partitions / target) {
        return parallelism;
      }
    }
    return target;
  }

  private ScalingDecision delayedScaleDown(
      int current, int proposed, boolean outsideBounds, Instant now) {
    if (scaleDownFirstTriggered == null) {
      scaleDownFirstTriggered = now;
    }
    // Only the highest recommendation since matters, so lower earlier ones are dropped.
    while (!scaleDowns.isEmpty() && scaleDowns.getLast().parallelism() <= proposed) {
      scaleDowns.removeLast();
    }
    scaleDowns.addLast(new Recommended(now, proposed, outsideBounds));
    Instant windowStart = now.minus(SCALE_DOWN_INTERVAL);
    while (scaleDowns.getFirst().at().isBefore(windowStart)) {
      scaleDowns.removeFirst();
    }
    if (windowStart.isBefore(scaleDownFirstTriggered)) {
      return ScalingDecision.hold(current, "scale down delayed by the scale-down interval");
    }
    Recommended highest = scaleDowns.getFirst();
    return highest.outsideBounds()
        ? scale(current, highest.parallelism(), "scale down")
        : ScalingDecision.hold(current, "within utilisation bounds");
  }

  private ScalingDecision scale(int current, int target, String reason) {
    clearScaleDowns();
    window.clear();
    collectingSince = null;
    return ScalingDecision.rescale(current, target, reason);
  }

  private void clearScaleDowns() {
    scaleDownFirstTriggered = null;
    scaleDowns.clear();
  }
}
