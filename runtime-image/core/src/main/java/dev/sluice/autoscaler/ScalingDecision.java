package dev.sluice.autoscaler;

import java.util.Optional;

/**
 * What to do now, why, and the numbers behind it.
 *
 * @param action what the operator should do
 * @param currentParallelism the parallelism observed
 * @param targetParallelism the parallelism to rescale to; equal to the current one unless scaling
 * @param reason one or two sentences a person can read in {@code kubectl describe}
 * @param numbers the inputs and intermediate results of the decision, when it was sized
 * @param checkpointsFailing checkpoints failed repeatedly; the operator raises a status condition
 */
public record ScalingDecision(
    Action action,
    int currentParallelism,
    int targetParallelism,
    String reason,
    Optional<DecisionNumbers> numbers,
    boolean checkpointsFailing) {

  public enum Action {
    SCALE_UP,
    SCALE_DOWN,
    HOLD,
    /** Secure the state first; the rescale is reconsidered once the savepoint completed. */
    TRIGGER_SAVEPOINT
  }

  public ScalingDecision {
    boolean rescale = action == Action.SCALE_UP || action == Action.SCALE_DOWN;
    if (rescale != (targetParallelism != currentParallelism)
        || (action == Action.SCALE_UP && targetParallelism < currentParallelism)
        || (action == Action.SCALE_DOWN && targetParallelism > currentParallelism)) {
      throw new IllegalArgumentException(
          action + " does not fit " + currentParallelism + " -> " + targetParallelism);
    }
  }

  public static ScalingDecision hold(int current, String reason) {
    return new ScalingDecision(Action.HOLD, current, current, reason, Optional.empty(), false);
  }

  public static ScalingDecision rescale(int from, int to, String reason) {
    Action action = to > from ? Action.SCALE_UP : Action.SCALE_DOWN;
    return new ScalingDecision(action, from, to, reason, Optional.empty(), false);
  }

  public static ScalingDecision triggerSavepoint(int current, String reason) {
    return new ScalingDecision(Action.TRIGGER_SAVEPOINT, current, current, reason, Optional.empty(), false);
  }

  public ScalingDecision withEvidence(DecisionNumbers evidence, boolean failing) {
    return new ScalingDecision(
        action, currentParallelism, targetParallelism, reason, Optional.of(evidence), failing);
  }
}
