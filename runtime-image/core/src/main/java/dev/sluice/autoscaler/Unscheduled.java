package dev.sluice.autoscaler;

import static dev.sluice.autoscaler.HumanFormat.duration;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A desired parallelism the cluster has not given: more subtasks asked for than run, since when.
 * Within {@link #BOUND} that is a rescale taking effect (pods starting); beyond it the cluster
 * cannot place the pods (no CPU, a quota, a node selector), and asking for more changes nothing
 * but leaves pods Pending and the status saying desired 4, current 2, healthy. So once overdue it
 * is reported, and the autoscaler asks for no more than the cluster gives until {@link #RETRY}
 * has passed, when it may try again.
 *
 * @param asked the desired parallelism
 * @param given the parallelism the job runs at
 * @param since when the gap was first seen
 */
public record Unscheduled(int asked, int given, Instant since) {

  /** Longer than pods take to be scheduled and start: beyond this the cluster cannot place them. */
  public static final Duration BOUND = Duration.ofMinutes(5);
  /** How long the autoscaler asks for no more than the cluster gave before it tries again. */
  public static final Duration RETRY = Duration.ofMinutes(30);

  /** The gap at {@code now}, keeping when it began while the same parallelism is asked for. */
  public static Optional<Unscheduled> track(
      Optional<Unscheduled> before, int asked, int given, Instant now) {
    if (given >= asked) {
      return Optional.empty();
    }
    Instant since = before.filter(gap -> gap.asked() == asked).map(Unscheduled::since).orElse(now);
    return Optional.of(new Unscheduled(asked, given, since));
  }

  public boolean overdue(Instant now) {
    return Duration.between(since, now).compareTo(BOUND) >= 0;
  }

  /** What a person reads: the gap, for how long, why the pods wait, and what happens now. */
  public String message(Instant now, Optional<String> pendingReason) {
    return "desired parallelism " + asked + " is not scheduled after "
        + duration(Duration.between(since, now)) + ": the job runs at " + given
        + pendingReason.map(reason -> "; task manager pods are Pending: " + reason)
            .orElse("; no Pending task manager pod says why")
        + ". The autoscaler asks for no more than " + given + " for " + duration(RETRY)
        + "; give the cluster room (CPU, memory, quota) or lower spec.parallelism.max";
  }

  /**
   * A decision within what the cluster gives: a scale-up above {@code ceiling} holds, naming it.
   * Anything else is returned as it is.
   */
  public static ScalingDecision capped(ScalingDecision decision, int ceiling) {
    if (decision.action() != ScalingDecision.Action.SCALE_UP
        || decision.targetParallelism() <= ceiling) {
      return decision;
    }
    ScalingDecision hold = decision.currentParallelism() < ceiling
        ? ScalingDecision.rescale(decision.currentParallelism(), ceiling, decision.reason()
            + "; capped at " + ceiling + ", the most the cluster gave lately")
        : ScalingDecision.hold(decision.currentParallelism(), "stays at "
            + decision.currentParallelism() + ": the cluster could not schedule more lately; "
            + decision.reason());
    return decision.numbers().map(numbers -> hold.withEvidence(numbers, decision.checkpointsFailing())).orElse(hold);
  }
}
