package dev.sluice.reconciler.pipeline.scaling;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.autoscaler.ScalingDecision;
import dev.sluice.autoscaler.Unscheduled;
import dev.sluice.reconciler.EventRecorder;
import dev.sluice.reconciler.pipeline.PipelineReason;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A desired parallelism the cluster does not give for longer than {@link Unscheduled#BOUND}:
 * Degraded=True with reason ParallelismUnscheduled and a warning event naming
 * why the Pending task manager pods wait; the desired parallelism comes back to what runs, and the
 * autoscaler's scale-ups are capped there, with Degraded kept, for {@link Unscheduled#RETRY}. The
 * pods are listed only when a gap is overdue.
 */
final class UnscheduledParallelism {

  private final Function<Pipeline, List<Pod>> pendingPods;
  private final EventRecorder events;
  private final Clock clock;

  UnscheduledParallelism(Function<Pipeline, List<Pod>> pendingPods, EventRecorder events, Clock clock) {
    this.pendingPods = pendingPods;
    this.events = events;
    this.clock = clock;
  }

  /**
   * @param desired the parallelism asked for
   * @param running the parallelism the job runs at
   * @return the parallelism to ask for from now on
   */
  int check(Pipeline pipeline, int desired, int running, PipelineMemory memory) {
    Instant now = clock.instant();
    Optional<Unscheduled> gap = Unscheduled.track(memory.unscheduled(), desired, running, now);
    memory.unscheduled(gap);
    if (gap.isEmpty() || !gap.get().overdue(now)) {
      return desired;
    }
    String message = gap.get().message(now, reason(pendingPods.apply(pipeline)));
    events.warning(pipeline, PipelineReason.ParallelismUnscheduled, message);
    memory.ceiling(new PipelineMemory.Ceiling(running, now, message));
    memory.unscheduled(Optional.empty());
    return running;
  }

  /** The autoscaler's decision within what the cluster gave lately. */
  ScalingDecision within(ScalingDecision decision, PipelineMemory memory) {
    return memory.ceiling(clock.instant().minus(Unscheduled.RETRY))
        .map(ceiling -> Unscheduled.capped(decision, ceiling.parallelism()))
        .orElse(decision);
  }

  /** Degraded while the ceiling holds. */
  Optional<ScalingTrouble> trouble(PipelineMemory memory) {
    return memory.ceiling(clock.instant().minus(Unscheduled.RETRY))
        .map(ceiling -> new ScalingTrouble(PipelineReason.ParallelismUnscheduled, ceiling.why()));
  }

  /** The first Pending pod's scheduling condition: its reason and message, as the scheduler wrote them. */
  static Optional<String> reason(List<Pod> pending) {
    return pending.stream()
        .map(pod -> pod.getStatus().getConditions() == null ? null : pod.getStatus().getConditions().stream()
            .filter(condition -> "PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus()))
            .findFirst().map(UnscheduledParallelism::describe).orElse(null))
        .filter(Objects::nonNull)
        .findFirst()
        .map(reason -> pending.size() + " Pending, " + reason);
  }

  private static String describe(PodCondition condition) {
    return condition.getReason() + (condition.getMessage() == null ? "" : " (" + condition.getMessage() + ")");
  }
}
