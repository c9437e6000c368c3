package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.HumanFormat.duration;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Checkpoint health in the decision. A rescale restores from the latest completed checkpoint, so it
 * replays everything since; and checkpoints slowed down by back pressure reveal a job that cannot
 * keep up even when busy times look fine.
 */
final class CheckpointGate {

  /** A checkpoint taking this share of its interval or timeout is being held up by back pressure. */
  static final double BACK_PRESSURE_SHARE = 0.8;

  private CheckpointGate() {}

  static boolean failing(CheckpointMetrics checkpoints, AutoscalerConfig config) {
    return checkpoints.failuresInRow() >= config.checkpointFailureThreshold();
  }

  /**
   * Whether slow checkpoints say the job is under-provisioned: the latest took close to its
   * interval or timeout, it ran at the current parallelism, and records wait without draining
   * within the catch-up time. Slow checkpoints with no lag (large state, slow storage) or while
   * the lag drains in time (catching up after a rescale) are not a lack of subtasks.
   */
  static boolean underProvisioned(
      Observation observation, Optional<Rescale> lastRescale, AutoscalerConfig config) {
    CheckpointMetrics checkpoints = observation.checkpoints();
    if (checkpoints.lastDuration().isEmpty() || checkpoints.age().isEmpty()) {
      return false;
    }
    Duration limit = min(checkpoints.interval(), checkpoints.timeout());
    if (checkpoints.lastDuration().get().toMillis() < BACK_PRESSURE_SHARE * limit.toMillis()) {
      return false;
    }
    Instant triggered = observation.time().minus(checkpoints.age().get());
    if (lastRescale.isPresent() && triggered.isBefore(lastRescale.get().at())) {
      return false;
    }
    double lag = observation.lag();
    double drain = observation.throughput() - observation.arrivalRate();
    return lag > 0 && (drain <= 0 || lag / drain > config.catchUpTime().toSeconds());
  }

  /**
   * What to do instead of {@code proposed} while the latest completed checkpoint is too old to
   * restore from: secure the state with a savepoint, or hold when checkpoints keep failing (a
   * savepoint would most likely fail the same way). Empty when the rescale may go ahead.
   */
  static Optional<ScalingDecision> beforeRescale(
      Observation observation, AutoscalerConfig config, Rescale proposed) {
    CheckpointMetrics checkpoints = observation.checkpoints();
    Optional<Duration> age = checkpoints.age();
    if (age.isPresent() && age.get().compareTo(config.maxCheckpointAge()) <= 0) {
      return Optional.empty();
    }
    if (proposed.up() && lagOutgrowsReplay(observation)) {
      return Optional.empty();
    }
    int current = observation.parallelism();
    String staleness = age
        .map(a -> "the latest completed checkpoint is " + duration(a) + " old (bound "
            + duration(config.maxCheckpointAge()) + ")")
        .orElse("no checkpoint has completed yet");
    if (checkpoints.savepointInProgress()) {
      return Optional.of(ScalingDecision.hold(current,
          proposed + " waits: " + staleness + " and the savepoint securing it is in progress"));
    }
    if (failing(checkpoints, config)) {
      return Optional.of(ScalingDecision.hold(current, proposed + " held: " + staleness + " and "
          + checkpoints.failuresInRow() + " checkpoints failed in a row, so a savepoint would"
          + " most likely fail too and a rescale would replay everything since; holding until"
          + " a checkpoint completes"));
    }
    return Optional.of(ScalingDecision.triggerSavepoint(current, proposed
        + " first secures state: " + staleness + "; triggering a savepoint, the rescale"
        + " follows once it completes"));
  }

  /**
   * Whether waiting for a checkpoint costs more than restoring an old one: a restore replays what
   * was read since the checkpoint, which grows by the throughput every second, while every second
   * held adds the arrivals the job does not read to the lag. Once the arrivals exceed twice the
   * throughput, the lag grows faster than the replay and holding only makes the job later.
   */
  static boolean lagOutgrowsReplay(Observation observation) {
    double throughput = observation.throughput();
    return observation.arrivalRate() - throughput > throughput;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
