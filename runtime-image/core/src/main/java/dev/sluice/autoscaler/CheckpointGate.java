package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.HumanFormat.duration;
import static dev.sluice.autoscaler.HumanFormat.number;

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

  /**
   * Why a scale-down waits one more look for a younger checkpoint, if it should. Removing task
   * managers fails the job over to the latest completed checkpoint at once, replaying everything
   * read since, so a scale-down decided just as the next checkpoint is due replays a whole interval
   * that the next look would not; and a scale-down is never urgent. A scale-up is not held: Flink
   * 2's adaptive scheduler already starts a rescale onto new slots at the next completed checkpoint.
   * Waits in a row add up to at most a checkpoint interval, because a checkpoint held up by back
   * pressure may complete later than the last one took. Empty when the next checkpoint completes
   * after the next look, or its timing is unknown.
   *
   * @param lookInterval the time until the next look, taken to be the time since the one before
   * @param waited how long the scale-down has already waited
   */
  static Optional<String> waitForYoungerCheckpoint(Observation observation,
      Duration lookInterval, Duration waited, Rescale proposed) {
    CheckpointMetrics checkpoints = observation.checkpoints();
    Duration interval = checkpoints.interval();
    if (proposed.up() || checkpoints.age().isEmpty() || checkpoints.lastDuration().isEmpty()
        || checkpoints.failuresInRow() > 0 || waited.plus(lookInterval).compareTo(interval) >= 0) {
      return Optional.empty();
    }
    Duration age = checkpoints.age().get();
    // The next checkpoint is triggered an interval after the latest completed one was.
    Duration untilCompleted = interval.minus(age).plus(checkpoints.lastDuration().get());
    if (untilCompleted.compareTo(lookInterval) > 0) {
      return Optional.empty();
    }
    Duration ageAtNextLook = lookInterval.plus(age).minus(interval);
    String due = untilCompleted.isNegative() || untilCompleted.isZero()
        ? "the checkpoint in progress" : "the checkpoint due in " + duration(untilCompleted);
    return Optional.of(proposed + " waits a look for " + due + ": the restart then replays about "
        + number(observation.throughput() * age.minus(ageAtNextLook).toMillis() / 1000.0)
        + " records fewer (the latest completed checkpoint is " + duration(age) + " old, it will be "
        + duration(ageAtNextLook) + ")");
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
