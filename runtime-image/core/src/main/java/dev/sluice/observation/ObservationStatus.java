package dev.sluice.observation;

import dev.sluice.api.pipeline.CheckpointStatus;
import dev.sluice.api.pipeline.JobStatus;
import dev.sluice.api.pipeline.LagStatus;
import dev.sluice.api.pipeline.ParallelismStatus;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.ThroughputStatus;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Writes a {@link JobObservation} onto a Pipeline's status; what Flink did not report stays unset. */
public final class ObservationStatus {

  /** {@link LagStatus#getSource()} for a lag read from the sources' pendingRecords. */
  public static final String LAG_FROM_FLINK = "flink";

  /** {@link LagStatus#getSource()} for a lag read from the Kafka consumer groups' committed offsets. */
  public static final String LAG_FROM_KAFKA = "kafka";

  private ObservationStatus() {
  }

  /** Sets job, current parallelism, lag, throughput and checkpoint; keeps everything else. */
  public static void apply(JobObservation observation, PipelineStatus status) {
    status.setJob(job(observation));
    ParallelismStatus parallelism = status.getParallelism() == null ? new ParallelismStatus() : status.getParallelism();
    // Until its slots are assigned, a job's vertices report their maximum parallelism (720 was seen
    // in pods): only a running job's parallelism is the one it runs at.
    if (observation.job().state() == FlinkJobState.RUNNING) {
      parallelism.setCurrent(observation.parallelism());
    }
    status.setParallelism(parallelism);
    status.setLag(lag(observation).orElse(null));
    status.setThroughput(throughput(observation).orElse(null));
    status.setCheckpoint(checkpoint(observation));
  }

  public static JobStatus job(JobObservation observation) {
    JobStatus job = new JobStatus();
    job.setId(observation.job().id());
    job.setState(observation.job().state().name());
    job.setStartTime(observation.job().startTime().toString());
    job.setRestarts(boxed(observation.restarts()));
    observation.latestFailure().ifPresent(failure -> {
      job.setLastFailure(failure.cause());
      job.setLastFailureTime(failure.time().toString());
    });
    return job;
  }

  /** Empty when no source reports pendingRecords; seconds only while the sources read. */
  public static Optional<LagStatus> lag(JobObservation observation) {
    OptionalLong records = observation.sourceLagRecords();
    if (records.isEmpty()) {
      return Optional.empty();
    }
    LagStatus lag = new LagStatus();
    lag.setRecords(records.getAsLong());
    lag.setSource(LAG_FROM_FLINK);
    OptionalDouble rate = observation.inputRecordsPerSecond();
    if (rate.isPresent() && rate.getAsDouble() > 0) {
      lag.setSeconds(records.getAsLong() / rate.getAsDouble());
    }
    return Optional.of(lag);
  }

  /**
   * Empty while Flink reports no rate. An empty object is no answer either: server-side apply turns
   * an object whose fields all went away into null, which the schema refuses.
   */
  public static Optional<ThroughputStatus> throughput(JobObservation observation) {
    if (observation.inputRecordsPerSecond().isEmpty() && observation.outputRecordsPerSecond().isEmpty()
        && observation.maxBusyRatio().isEmpty()) {
      return Optional.empty();
    }
    ThroughputStatus throughput = new ThroughputStatus();
    throughput.setInputRecordsPerSecond(boxed(observation.inputRecordsPerSecond()));
    throughput.setOutputRecordsPerSecond(boxed(observation.outputRecordsPerSecond()));
    throughput.setMaxBusyRatio(boxed(observation.maxBusyRatio()));
    return Optional.of(throughput);
  }

  public static CheckpointStatus checkpoint(JobObservation observation) {
    CheckpointStats stats = observation.checkpoints();
    CheckpointStatus checkpoint = new CheckpointStatus();
    checkpoint.setCompleted(stats.completed());
    checkpoint.setFailuresInARow(stats.failuresSinceLastCompleted());
    stats.latestCompleted().ifPresent(latest -> {
      checkpoint.setLastCompletedTime(latest.completionTime().toString());
      checkpoint.setLastDurationMillis(latest.duration().toMillis());
      checkpoint.setLastSizeBytes(latest.stateSizeBytes());
    });
    return checkpoint;
  }

  private static Long boxed(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : null;
  }

  private static Double boxed(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : null;
  }
}
