package dev.sluice.lineage;

import io.openlineage.client.OpenLineage.RunEvent.EventType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The OpenLineage runs of one Pipeline, one per Flink job, told from what each reconcile saw: which
 * events are due now. A run starts when its job is first seen past its submission (running,
 * restarting, or already ended), reports RUNNING at most once per interval while the job runs,
 * and ends once: COMPLETE when its job stopped with a savepoint or finished, FAIL when it failed or
 * was cancelled or replaced after a failure, ABORT when it was cancelled, replaced or its Pipeline
 * deleted.
 */
final class RunTracker {

  /**
   * One look at the Pipeline's job.
   *
   * @param jobId the job the status shows, or null
   * @param jobState its Flink state, such as RUNNING or FAILED
   * @param lastFailure the job's latest failure, or null
   * @param stoppedWithSavepoint the job that the status's savepoint stopped, or null
   */
  record Sighting(String jobId, String jobState, String lastFailure, String stoppedWithSavepoint) {
  }

  /** An event that is due: its type, the Flink job whose run it belongs to, and for a FAIL its cause. */
  record Due(EventType type, String jobId, String cause) {
  }

  private final Duration runningInterval;
  private String activeJob;
  private String activeFailure;
  private Instant lastReport;
  private String endedJob;
  private boolean lookedBefore;

  RunTracker(Duration runningInterval) {
    this.runningInterval = runningInterval;
  }

  List<Due> observe(Sighting seen, Instant now) {
    if (!lookedBefore) {
      lookedBefore = true;
      if (over(seen)) {
        // An operator restarted beside a suspended Pipeline: that run ended under the previous one.
        endedJob = seen.jobId();
        return List.of();
      }
    }
    List<Due> due = new ArrayList<>();
    if (activeJob != null) {
      end(seen).ifPresent(due::add);
    }
    boolean running = seen.jobId() != null && "RUNNING".equals(seen.jobState());
    if (activeJob == null && started(seen) && !seen.jobId().equals(endedJob)) {
      activeJob = seen.jobId();
      activeFailure = null;
      lastReport = now;
      due.add(new Due(EventType.START, activeJob, null));
      // A job that failed between two looks is still a run, with its end.
      end(seen).ifPresent(due::add);
    } else if (activeJob != null && running && activeJob.equals(seen.jobId())
        && !now.isBefore(lastReport.plus(runningInterval))) {
      lastReport = now;
      due.add(new Due(EventType.RUNNING, activeJob, null));
    }
    if (activeJob != null && activeJob.equals(seen.jobId()) && seen.lastFailure() != null) {
      activeFailure = seen.lastFailure();
    }
    return due;
  }

  /** The Pipeline is gone: its run, or the job its status last showed, is aborted unless it ended. */
  Optional<Due> deleted(String statusJobId) {
    String job = activeJob != null ? activeJob : statusJobId;
    if (job == null || job.equals(endedJob)) {
      return Optional.empty();
    }
    return Optional.of(ended(new Due(EventType.ABORT, job, null)));
  }

  /** Whether the job got past its submission: Flink scheduled it, whatever became of it since. */
  private static boolean started(Sighting seen) {
    return seen.jobId() != null && seen.jobState() != null
        && !Set.of("INITIALIZING", "CREATED").contains(seen.jobState());
  }

  private static boolean over(Sighting seen) {
    return seen.jobId() != null && (seen.jobId().equals(seen.stoppedWithSavepoint())
        || Set.of("FINISHED", "FAILED", "CANCELED").contains(seen.jobState()));
  }

  private Optional<Due> end(Sighting seen) {
    if (activeJob.equals(seen.stoppedWithSavepoint())) {
      return Optional.of(ended(new Due(EventType.COMPLETE, activeJob, null)));
    }
    if (activeJob.equals(seen.jobId())) {
      return Optional.ofNullable(switch (Objects.requireNonNullElse(seen.jobState(), "")) {
        case "FINISHED" -> ended(new Due(EventType.COMPLETE, activeJob, null));
        case "FAILED" -> ended(new Due(EventType.FAIL, activeJob,
            Objects.requireNonNullElse(seen.lastFailure(), "the Flink job failed")));
        case "CANCELED" -> ended(stopped());
        default -> null;
      });
    }
    if (seen.jobId() != null) {
      // Another job took over without this one being seen to end: a rollback after failures, a last-state upgrade.
      return Optional.of(ended(stopped()));
    }
    return Optional.empty();
  }

  /** A job stopped from outside: a failed run if it had failed (a rollback stops it), else an aborted one. */
  private Due stopped() {
    return activeFailure != null ? new Due(EventType.FAIL, activeJob, activeFailure)
        : new Due(EventType.ABORT, activeJob, null);
  }

  private Due ended(Due due) {
    endedJob = due.jobId();
    activeJob = null;
    activeFailure = null;
    return due;
  }
}
