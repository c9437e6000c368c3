package dev.sluice.autoscaler.sim;

import dev.sluice.autoscaler.Observation;
import dev.sluice.autoscaler.ScalingDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * KEDA's Kafka lag scaler as the Horizontal Pod Autoscaler applies it, with their defaults:
 * desired replicas = ceil(total lag / lag threshold), at least {@code minReplicas} and at most the
 * partition count; no change while lag is within 10 % of the threshold per replica; a scale-up at
 * most doubles or adds 4; a scale-down goes only to the highest desired count of the last 5
 * minutes.
 */
public final class KedaLagPolicy implements PolicyUnderTest {

  private static final double TOLERANCE = 0.1;
  private static final Duration DOWNSCALE_STABILISATION = Duration.ofMinutes(5);
  private static final int SCALE_UP_PODS = 4;

  private record Desired(Instant at, int replicas) {}

  private final double lagThreshold;
  private final int minReplicas;
  private final Deque<Desired> recent = new ArrayDeque<>();

  public KedaLagPolicy(double lagThreshold, int minReplicas) {
    this.lagThreshold = lagThreshold;
    this.minReplicas = minReplicas;
  }

  /** KEDA scales the task managers of a job in reactive mode. */
  @Override
  public boolean waitsForCheckpoint(boolean up) {
    return up;
  }

  @Override
  public String name() {
    return "keda-lag";
  }

  @Override
  public ScalingDecision decide(Observation observation) {
    int current = observation.parallelism();
    if (!observation.running()) {
      return ScalingDecision.hold(current, "job not running");
    }
    double ratio = observation.lag() / (lagThreshold * current);
    int desired = Math.abs(ratio - 1) <= TOLERANCE ? current : Math.max(minReplicas,
        Math.min(observation.sourcePartitions(),
            (int) Math.ceil(observation.lag() / lagThreshold)));
    recent.addLast(new Desired(observation.time(), desired));
    while (recent.getFirst().at().isBefore(observation.time().minus(DOWNSCALE_STABILISATION))) {
      recent.removeFirst();
    }
    if (desired > current) {
      int limit = Math.max(2 * current, current + SCALE_UP_PODS);
      return ScalingDecision.rescale(current, Math.min(desired, limit), "lag above threshold");
    }
    int stabilised = recent.stream().mapToInt(Desired::replicas).max().orElse(current);
    if (stabilised < current) {
      return ScalingDecision.rescale(current, stabilised, "lag below threshold for 5m");
    }
    return ScalingDecision.hold(current, "desired " + desired);
  }
}
