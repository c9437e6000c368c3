package dev.sluice.reconciler.pipeline.scaling;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.autoscaler.ScalingDecision;
import dev.sluice.autoscaler.Unscheduled;
import dev.sluice.reconciler.Conditions;
import dev.sluice.reconciler.EventRecorder;
import dev.sluice.reconciler.pipeline.PipelineReconciler;
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
 * Degraded=True with reason {@value Autoscaling#PARALLELISM_UNSCHEDULED} and a warning event naming
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
  int check(Pipeline pipeline, PipelineStatus status, int desired, int running, PipelineMemory memory) {
    Instant now = clock.instant();
    Optional<Unscheduled> gap = Unscheduled.track(memory.unscheduled(), desired, running, now);
    memory.unscheduled(gap);
    if (gap.isEmpty() || !gap.get().overdue(now)) {
      if (memory.ceiling(now.minus(Unscheduled.RETRY)).isEmpty()) {
        withdraw(status);
      }
      return desired;
    }
    String message = gap.get().message(now, reason(pendingPods.apply(pipeline)));
    status.setConditions(Conditions.with(status.getConditions(), PipelineReconciler.DEGRADED, true,
        Autoscaling.PARALLELISM_UNSCHEDULED, message, pipeline.getMetadata().getGeneration(), now));
    events.warning(pipeline, Autoscaling.PARALLELISM_UNSCHEDULED, message);
    memory.ceiling(running, now);
    memory.unscheduled(Optional.empty());
    return running;
  }

  /** The autoscaler's decision within what the cluster gave lately. */
  ScalingDecision within(ScalingDecision decision, PipelineMemory memory) {
    return memory.ceiling(clock.instant().minus(Unscheduled.RETRY))
        .map(ceiling -> Unscheduled.capped(decision, ceiling))
        .orElse(decision);
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

  /** Leaves Degraded to the lifecycle again once the parallelism is given. */
  static void withdraw(PipelineStatus status) {
    Conditions.find(status.getConditions(), PipelineReconciler.DEGRADED)
        .filter(degraded -> Autoscaling.PARALLELISM_UNSCHEDULED.equals(degraded.getReason()))
        .ifPresent(degraded -> status.setConditions(
            status.getConditions().stream().filter(condition -> condition != degraded).toList()));
  }
}
