package dev.sluice.autoscaler.sim;

import dev.sluice.autoscaler.CheckpointMetrics;
import dev.sluice.observation.CheckpointStats;
import dev.sluice.observation.CompletedCheckpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Periodic checkpoints and on-demand savepoints of a simulated job. A checkpoint records the read
 * positions when it is triggered; it completes (or fails) when its duration is over. The job starts
 * from a completed snapshot at second 0.
 */
final class CheckpointSimulator {

  private record InFlight(
      long triggeredAt, double[] offsets, long endsAt, long duration, boolean succeeds,
      boolean savepoint) {}

  private final CheckpointBehaviour behaviour;
  private final long interval;
  private long lastTriggeredAt;
  private long secondsSinceTrigger;
  private long saturatedSinceTrigger;
  private InFlight inFlight;
  private boolean savepointRequested;
  private boolean checkpointRequested;
  /** The second the latest completed checkpoint completed in. */
  private long lastCompletedAt;
  private long completedTriggeredAt;
  private double[] completedOffsets;
  /** When the latest completed checkpoint's offsets were read: one triggered in a second reads them at its end. */
  private long completedOffsetsAt;
  private long lastDuration;
  private int failuresInRow;
  private int failed;

  CheckpointSimulator(CheckpointBehaviour behaviour, double[] initialOffsets) {
    this.behaviour = behaviour;
    this.interval = behaviour.interval().toSeconds();
    this.completedOffsets = initialOffsets;
    this.lastDuration = behaviour.baseDuration().toSeconds();
  }

  /** Advances one second of a running job whose busiest subtask was or was not saturated. */
  void tick(long now, boolean saturated, PartitionedJob job) {
    secondsSinceTrigger++;
    if (saturated) {
      saturatedSinceTrigger++;
    }
    if (inFlight != null && now >= inFlight.endsAt()) {
      finish(inFlight, now);
      inFlight = null;
    }
    if (inFlight == null && (savepointRequested || checkpointRequested || now - lastTriggeredAt >= interval)) {
      trigger(now, job);
    }
  }

  void requestSavepoint() {
    if (inFlight == null || !inFlight.savepoint()) {
      savepointRequested = true;
    }
  }

  /** A checkpoint now, or after the one in flight, as Flink's REST API asks for one. */
  void requestCheckpoint() {
    checkpointRequested = true;
  }

  boolean inFlight() {
    return inFlight != null;
  }

  /** The second the latest completed checkpoint completed in; 0 before any. */
  long lastCompletedAt() {
    return lastCompletedAt;
  }

  /** The second the latest completed checkpoint was triggered in. */
  long lastCompletedTriggeredAt() {
    return completedTriggeredAt;
  }

  /** A rescale aborts what is in flight; the next checkpoint is an interval after the restart. */
  void restartAt(long second) {
    inFlight = null;
    savepointRequested = false;
    checkpointRequested = false;
    lastTriggeredAt = second;
    secondsSinceTrigger = 0;
    saturatedSinceTrigger = 0;
  }

  /** How many checkpoints (and savepoints) have failed so far. */
  int failed() {
    return failed;
  }

  /** The read positions a restore goes back to. */
  double[] restoreOffsets() {
    return completedOffsets.clone();
  }

  CheckpointMetrics metrics(long now) {
    return new CheckpointMetrics(
        behaviour.interval(),
        behaviour.timeout(),
        Optional.of(Duration.ofSeconds(lastDuration)),
        Optional.of(Duration.ofSeconds(now - completedTriggeredAt)),
        failuresInRow,
        savepointRequested || (inFlight != null && inFlight.savepoint()));
  }

  /**
   * The checkpoints as Flink's REST API lists them, for the operator's observation mapping. The
   * trigger time is when the offsets were read, or the consumer groups' lag would show a second of
   * reading as backlog.
   */
  CheckpointStats stats() {
    Instant triggered = Simulator.at(completedOffsetsAt);
    CompletedCheckpoint latest = new CompletedCheckpoint(0, triggered, triggered.plusSeconds(lastDuration),
        Duration.ofSeconds(lastDuration), 0, Optional.empty());
    return new CheckpointStats(1, Optional.of(latest), Optional.empty(), failuresInRow, Optional.empty(),
        inFlight == null ? 0 : 1);
  }

  /** The consumer groups' lag: the offsets the latest completed checkpoint committed, behind by what was read since. */
  double committedLag(PartitionedJob job) {
    double[] read = job.offsets();
    double lag = job.lag();
    for (int partition = 0; partition < read.length; partition++) {
      lag += read[partition] - completedOffsets[partition];
    }
    return lag;
  }

  private void trigger(long now, PartitionedJob job) {
    long base = behaviour.baseDuration().toSeconds();
    long pressured = behaviour.backPressuredDuration().toSeconds();
    double pressure = secondsSinceTrigger == 0
        ? 0 : (double) saturatedSinceTrigger / secondsSinceTrigger;
    long duration = Math.round(base + (pressured - base) * pressure);
    long timeout = behaviour.timeout().toSeconds();
    long endsAt = now + Math.min(duration, timeout);
    boolean succeeds = duration <= timeout && !behaviour.failsAt(endsAt);
    inFlight = new InFlight(now, job.offsets(), endsAt, duration, succeeds, savepointRequested);
    savepointRequested = false;
    checkpointRequested = false;
    lastTriggeredAt = now;
    secondsSinceTrigger = 0;
    saturatedSinceTrigger = 0;
  }

  private void finish(InFlight done, long now) {
    if (done.succeeds()) {
      lastCompletedAt = now;
      completedTriggeredAt = done.triggeredAt();
      completedOffsets = done.offsets();
      completedOffsetsAt = done.triggeredAt() + 1;
      lastDuration = done.duration();
      failuresInRow = 0;
    } else {
      failuresInRow++;
      failed++;
    }
  }
}
