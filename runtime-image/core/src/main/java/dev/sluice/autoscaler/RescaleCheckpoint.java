package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.HumanFormat.duration;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A job waiting to rescale onto task manager slots it does not use yet, and when to ask Flink for
 * a checkpoint so that the rescale starts at once rather than at the next periodic checkpoint.
 *
 * <p>Flink 2's adaptive scheduler rescales a running job onto new slots only once a checkpoint
 * completes (or two fail, or three checkpoint intervals pass), so that the restart replays as
 * little as possible. It counts only a checkpoint that completes after the resources have
 * stabilised: {@link #STABILIZATION} after the first new slot joined, and no sooner than {@link
 * #COOLDOWN} after the job last (re)started. Until then the job runs at the old parallelism while
 * a surge's lag grows, for up to a checkpoint interval. Asking for one checkpoint once the wait is
 * over, when none is under way, ends the wait in a checkpoint's duration. One is asked for per
 * wait: should its completion not start the rescale, the periodic checkpoints still do.
 *
 * @param parallelism what the job runs at
 * @param runningSince when the job was first seen running at {@code parallelism}
 * @param slots the slots the cluster has, more than {@code parallelism}
 * @param slotsSince when more slots than {@code parallelism} were first seen
 * @param requestedAt when a checkpoint was asked for, if it was
 */
public record RescaleCheckpoint(int parallelism, Instant runningSince, int slots, Instant slotsSince,
    Optional<Instant> requestedAt) {

  /**
   * How long Flink's scheduler waits after new slots join before it rescales onto them
   * ({@code jobmanager.adaptive-scheduler.executing.resource-stabilization-timeout}); the operator
   * sets it, because reactive mode wants max-parallelism slots and otherwise waits Flink's default
   * minute. A rescale's pods are created together and join seconds apart.
   */
  public static final Duration STABILIZATION = Duration.ofSeconds(10);
  /**
   * How long after a (re)start the scheduler does not rescale
   * ({@code jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling}, Flink's default).
   */
  public static final Duration COOLDOWN = Duration.ofSeconds(30);

  /**
   * What is known at a look at a running job: a wait while the cluster has more slots than the job
   * uses, since when more are provisioned than have joined, and since when the job runs at its
   * parallelism (for the cooldown of a later wait).
   *
   * @param before what the last look knew
   * @param slots the slots registered with the job manager, up to those provisioned; empty when no
   *     more are provisioned than the job runs on (then they are not read)
   */
  public static Running track(Optional<Running> before, int parallelism, OptionalInt slots, Instant now) {
    Optional<Running> same = before.filter(known -> known.parallelism() == parallelism);
    Instant runningSince = same.map(Running::runningSince).orElse(now);
    if (slots.isEmpty()) {
      return new Running(parallelism, runningSince, Optional.empty(), Optional.empty());
    }
    if (slots.getAsInt() <= parallelism) {
      Instant joiningSince = same.flatMap(Running::joiningSince).orElse(now);
      return new Running(parallelism, runningSince, Optional.empty(), Optional.of(joiningSince));
    }
    int registered = slots.getAsInt();
    RescaleCheckpoint waiting = same.flatMap(Running::waiting)
        .map(wait -> new RescaleCheckpoint(parallelism, runningSince, registered, wait.slotsSince(), wait.requestedAt()))
        .orElse(new RescaleCheckpoint(parallelism, runningSince, registered, now, Optional.empty()));
    return new Running(parallelism, runningSince, Optional.of(waiting), Optional.empty());
  }

  /** When Flink starts counting completed checkpoints as the go-ahead for the rescale. */
  public Instant stabilisedAt() {
    Instant afterSlots = slotsSince.plus(STABILIZATION);
    Instant afterCooldown = runningSince.plus(COOLDOWN);
    return afterSlots.isAfter(afterCooldown) ? afterSlots : afterCooldown;
  }

  /** Whether to ask for a checkpoint now: the wait is over, none is under way and none was asked for. */
  public boolean due(Instant now, boolean checkpointInProgress) {
    return requestedAt.isEmpty() && !now.isBefore(stabilisedAt()) && !checkpointInProgress;
  }

  public RescaleCheckpoint requested(Instant now) {
    return new RescaleCheckpoint(parallelism, runningSince, slots, slotsSince, Optional.of(now));
  }

  /** Why the checkpoint is asked for, for an event. */
  public String reason(Instant now, Duration checkpointInterval) {
    return "the job runs on " + parallelism + " of the " + slots + " slots the cluster has; Flink rescales onto "
        + "the others when a checkpoint completes, asked for now rather than at the periodic one (every "
        + duration(checkpointInterval) + "); the new slots joined " + duration(Duration.between(slotsSince, now))
        + " ago";
  }

  /**
   * A job running at {@code parallelism} since {@code runningSince}, waiting to rescale onto more
   * slots when {@code waiting} is present, or for more slots to join when {@code joiningSince} is.
   */
  public record Running(int parallelism, Instant runningSince, Optional<RescaleCheckpoint> waiting,
      Optional<Instant> joiningSince) {

    public Running requested(Instant now) {
      return new Running(parallelism, runningSince, waiting.map(wait -> wait.requested(now)), joiningSince);
    }
  }
}
