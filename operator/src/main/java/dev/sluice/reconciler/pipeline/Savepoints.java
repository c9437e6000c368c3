package dev.sluice.reconciler.pipeline;

import dev.sluice.api.common.Durations;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.SavepointReason;
import dev.sluice.api.pipeline.SavepointStatus;
import dev.sluice.flink.FlinkEndpointResolver;
import dev.sluice.flink.FlinkJobClient;
import dev.sluice.flink.FlinkRestException;
import dev.sluice.flink.SavepointFailedException;
import dev.sluice.flink.SavepointTrigger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Takes savepoints without holding a reconcile. Every savepoint the operator takes, whatever its
 * reason, is tracked the same way: {@link #start} returns what {@code status.pendingSavepoint}
 * keeps, and each later reconcile {@link #poll}s Flink once, so an operator restarted meanwhile
 * carries on from status.
 */
public final class Savepoints {

  /**
   * Flink gives up on a savepoint after {@code spec.checkpointing.timeout}, as on any checkpoint;
   * this much more covers a stopping job's end and a job manager that answers late.
   */
  static final Duration GRACE = Duration.ofMinutes(1);

  public enum Progress { WRITTEN, IN_PROGRESS, FAILED }

  /**
   * Flink's one answer about a savepoint.
   *
   * @param location where it was written, when it was
   * @param detail why it failed; for one still in progress, why Flink could not be asked, if it could not
   */
  public record Answer(Progress progress, String location, String detail) {
  }

  private final FlinkEndpointResolver endpoints;
  private final FlinkJobClient flink;
  private final Clock clock;

  public Savepoints(FlinkEndpointResolver endpoints, FlinkJobClient flink, Clock clock) {
    this.endpoints = endpoints;
    this.flink = flink;
    this.clock = clock;
  }

  /** The one timeout rule: a savepoint not written within this long has failed. */
  public static Duration timeout(Pipeline pipeline) {
    return Durations.parse(pipeline.getSpec().checkpointing().timeout()).plus(GRACE);
  }

  /**
   * Triggers a savepoint of the running job: one that stops it, unless the reason is a rescale.
   *
   * @return what {@code status.pendingSavepoint} keeps until it ends
   */
  public SavepointStatus start(Pipeline pipeline, String jobId, SavepointReason reason, String planHash) {
    SavepointTrigger trigger = reason.stopsTheJob() ? flink.stopWithSavepoint(endpoints.endpoint(pipeline), jobId)
        : flink.triggerSavepoint(endpoints.endpoint(pipeline), jobId, Optional.empty());
    SavepointStatus pending = new SavepointStatus();
    pending.setJobId(jobId);
    pending.setTriggerId(trigger.triggerId());
    pending.setTime(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    pending.setReason(reason);
    pending.setPlanHash(planHash);
    return pending;
  }

  /**
   * Asks Flink once, giving up after {@link #timeout}. A written savepoint gets its path and loses
   * its trigger id; a job manager that cannot answer leaves it in progress.
   */
  public Answer poll(Pipeline pipeline, SavepointStatus pending) {
    Duration timeout = timeout(pipeline);
    boolean late = Duration.between(Instant.parse(pending.getTime()), clock.instant()).compareTo(timeout) > 0;
    Answer answer = ask(pipeline, new SavepointTrigger(pending.getJobId(), pending.getTriggerId()));
    String notYet = "not written within " + timeout.toSeconds() + "s (spec.checkpointing.timeout and "
        + GRACE.toSeconds() + "s more)";
    return switch (answer.progress()) {
      case WRITTEN -> {
        pending.setPath(answer.location());
        pending.setTriggerId(null);
        yield answer;
      }
      case FAILED -> answer;
      case IN_PROGRESS -> !late ? answer : new Answer(Progress.FAILED, null,
          answer.detail() == null ? notYet : notYet + " (" + answer.detail() + ")");
    };
  }

  private Answer ask(Pipeline pipeline, SavepointTrigger trigger) {
    try {
      return flink.savepointLocation(endpoints.endpoint(pipeline), trigger)
          .map(location -> new Answer(Progress.WRITTEN, location, null))
          .orElseGet(() -> new Answer(Progress.IN_PROGRESS, null, null));
    } catch (SavepointFailedException e) {
      return new Answer(Progress.FAILED, null, e.getMessage());
    } catch (FlinkRestException e) {
      // The job manager may be restarting; its answer can still come.
      return new Answer(Progress.IN_PROGRESS, null, e.getMessage());
    }
  }
}
