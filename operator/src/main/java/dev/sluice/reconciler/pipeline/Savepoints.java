package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
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

/**
 * Takes savepoints without holding a reconcile: a stop-with-savepoint is triggered once, and each
 * later reconcile asks Flink whether it is written, so an operator restarted meanwhile carries on
 * from the trigger kept in status.
 */
public final class Savepoints {

  /** How long a savepoint may take before the operator gives up on it. */
  static final Duration TIMEOUT = Duration.ofMinutes(5);

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

  /** Stops the job with a savepoint and returns what to keep until it is written. */
  SavepointStatus stop(Pipeline pipeline, String jobId, String reason, String planHash) {
    SavepointTrigger trigger = flink.stopWithSavepoint(endpoints.endpoint(pipeline), jobId);
    SavepointStatus pending = new SavepointStatus();
    pending.setJobId(jobId);
    pending.setTriggerId(trigger.triggerId());
    pending.setTime(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    pending.setReason(reason);
    pending.setPlanHash(planHash);
    return pending;
  }

  /** Asks Flink once, giving up after {@link #TIMEOUT}; a written savepoint gets its path and loses its trigger id. */
  Answer poll(Pipeline pipeline, SavepointStatus pending) {
    boolean late = Duration.between(Instant.parse(pending.getTime()), clock.instant()).compareTo(TIMEOUT) > 0;
    String notYet = "not written after " + TIMEOUT.toMinutes() + " minutes";
    Answer answer = ask(pipeline, new SavepointTrigger(pending.getJobId(), pending.getTriggerId()));
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

  /** Asks Flink once whether a savepoint is written; a job manager that cannot answer leaves it in progress. */
  public Answer ask(Pipeline pipeline, SavepointTrigger trigger) {
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
