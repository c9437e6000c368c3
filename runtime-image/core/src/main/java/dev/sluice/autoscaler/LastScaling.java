package dev.sluice.autoscaler;

import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.ScalingDecisionStatus;
import dev.sluice.api.pipeline.ScalingHoldStatus;
import dev.sluice.autoscaler.AutoscalerConfig;
import dev.sluice.autoscaler.AutoscalerHistory;
import dev.sluice.autoscaler.Rescale;
import dev.sluice.autoscaler.ScalingDecision;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A rescale as {@code status.lastScaling} keeps it, and the autoscaler history it stands for; a hold
 * as {@code status.lastHold} keeps it.
 */
public final class LastScaling {

  private LastScaling() {
  }

  public static ScalingDecisionStatus of(ScalingDecision decision, AutoscalerConfig config, Instant at, String reason) {
    ScalingDecisionStatus last = new ScalingDecisionStatus();
    last.setTime(at.truncatedTo(ChronoUnit.SECONDS).toString());
    last.setFrom(decision.currentParallelism());
    last.setTo(decision.targetParallelism());
    last.setReason(reason);
    last.setArrivalRate(finite(decision.numbers().map(DecisionNumbers::arrivalRate).orElse(null)));
    last.setTrueProcessingRatePerSubtask(finite(decision.numbers().map(DecisionNumbers::subtaskTrueRate).orElse(null)));
    Double lag = finite(decision.numbers().map(DecisionNumbers::lag).orElse(null));
    last.setLagRecords(lag == null ? null : Math.round(lag));
    last.setCatchUpSeconds(config.catchUpTime().toSeconds());
    last.setTargetUtilization(config.targetUtilisation());
    return last;
  }

  /**
   * Records a decision in {@code status}: a rescale in lastScaling, ending the hold before it; a hold
   * in lastHold; a savepoint asked for before a rescale in neither.
   */
  public static void record(PipelineStatus status, ScalingDecision decision, AutoscalerConfig config, Instant at,
      String reason) {
    switch (decision.action()) {
      case SCALE_UP, SCALE_DOWN -> {
        status.setLastScaling(of(decision, config, at, reason));
        status.setLastHold(null);
      }
      case HOLD -> status.setLastHold(hold(decision, at, reason));
      case TRIGGER_SAVEPOINT -> { }
    }
  }

  /** A look at which the autoscaler kept the parallelism, with the reason a person reads. */
  public static ScalingHoldStatus hold(ScalingDecision decision, Instant at, String reason) {
    ScalingHoldStatus hold = new ScalingHoldStatus();
    hold.setTime(at.truncatedTo(ChronoUnit.SECONDS).toString());
    hold.setParallelism(decision.currentParallelism());
    hold.setReason(reason);
    return hold;
  }

  /**
   * The history an operator restart starts from: the last rescale, for the cooldown. What the load
   * called for since is gone, so a scale-down waits one more stabilisation window.
   */
  public static AutoscalerHistory history(ScalingDecisionStatus last) {
    if (last == null || last.getTime() == null || last.getFrom() == null || last.getTo() == null
        || last.getFrom().equals(last.getTo())) {
      return AutoscalerHistory.empty();
    }
    try {
      Rescale rescale = new Rescale(Instant.parse(last.getTime()), last.getFrom(), last.getTo());
      return AutoscalerHistory.of(Optional.of(rescale));
    } catch (DateTimeParseException e) {
      // Only the operator writes the status; an unreadable time cannot gate a cooldown.
      return AutoscalerHistory.empty();
    }
  }

  /** Status takes finite numbers only: a subtask that was never busy has an unbounded rate. */
  private static Double finite(Double value) {
    return value == null || value.isNaN() || value.isInfinite() ? null : value;
  }
}
