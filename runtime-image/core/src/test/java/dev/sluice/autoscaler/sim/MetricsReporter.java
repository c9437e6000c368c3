package dev.sluice.autoscaler.sim;

import dev.sluice.autoscaler.CheckpointMetrics;
import dev.sluice.autoscaler.Observation;
import dev.sluice.autoscaler.SourceMetrics;
import dev.sluice.autoscaler.VertexLoad;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Aggregates the seconds of one reporting interval into an observation, the way an operator reads
 * Kafka lag and Flink's vertex metrics: arrival rate over the whole interval, processing rate and
 * busy times over the seconds the job was running.
 */
final class MetricsReporter {

  private final int partitions;
  private double arrived;
  private double processed;
  private double busySum;
  private double maxBusySum;
  private int seconds;
  private int runningSeconds;

  MetricsReporter(int partitions) {
    this.partitions = partitions;
  }

  void add(double arrivedRecords, Optional<PartitionedJob.Tick> tick) {
    arrived += arrivedRecords;
    seconds++;
    tick.ifPresent(t -> {
      processed += t.processed();
      busySum += t.averageBusy();
      maxBusySum += t.maxBusy();
      runningSeconds++;
    });
  }

  Observation observe(Instant time, Optional<Instant> runningSince, PartitionedJob job,
      CheckpointMetrics checkpoints) {
    double perRunning = runningSeconds == 0 ? 0 : 1.0 / runningSeconds;
    Observation observation = new Observation(
        time,
        runningSince,
        job.parallelism(),
        partitions,
        List.of(new SourceMetrics("events", job.lag(), arrived / seconds)),
        List.of(new VertexLoad("pipeline", true, processed * perRunning,
            busySum * perRunning, maxBusySum * perRunning)),
        checkpoints);
    arrived = 0;
    processed = 0;
    busySum = 0;
    maxBusySum = 0;
    seconds = 0;
    runningSeconds = 0;
    return observation;
  }
}
