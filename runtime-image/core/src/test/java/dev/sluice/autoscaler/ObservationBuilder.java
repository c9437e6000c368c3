package dev.sluice.autoscaler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Observations of a one-vertex job whose subtasks each process 1000 records/s fully busy. Unless
 * set, the job reads what arrives when nothing waits, and reads flat out while records wait.
 */
final class ObservationBuilder {

  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final double SUBTASK_RATE = 1000;

  private Instant time = T0;
  private Optional<Instant> runningSince = Optional.of(T0.minus(Duration.ofHours(1)));
  private int parallelism = 4;
  private int partitions = 48;
  private double arrival = 2000;
  private double lag;
  private Double throughput;
  private Double averageBusy;
  private Double maxBusy;
  private Duration checkpointAge = Duration.ofSeconds(10);
  private Duration checkpointDuration = Duration.ofSeconds(2);
  private int failuresInRow;
  private boolean savepointInProgress;
  private boolean lagChecked;

  static ObservationBuilder observation() {
    return new ObservationBuilder();
  }

  ObservationBuilder at(Duration sinceT0, Duration runningFor) {
    time = T0.plus(sinceT0);
    runningSince = Optional.of(time.minus(runningFor));
    return this;
  }

  ObservationBuilder at(Duration sinceT0) {
    time = T0.plus(sinceT0);
    return this;
  }

  ObservationBuilder notRunning() {
    runningSince = Optional.empty();
    return this;
  }

  ObservationBuilder parallelism(int value) {
    parallelism = value;
    return this;
  }

  /** The lag was checked against the consumer groups' offsets, so zero means nothing waits. */
  ObservationBuilder lagChecked() {
    lagChecked = true;
    return this;
  }

  ObservationBuilder partitions(int value) {
    partitions = value;
    return this;
  }

  ObservationBuilder arrival(double recordsPerSecond) {
    arrival = recordsPerSecond;
    return this;
  }

  ObservationBuilder lag(double records) {
    lag = records;
    return this;
  }

  /** Overrides the derived throughput and busy fractions, e.g. for a skewed job. */
  ObservationBuilder processing(double recordsPerSecond, double average, double max) {
    throughput = recordsPerSecond;
    averageBusy = average;
    maxBusy = max;
    return this;
  }

  ObservationBuilder checkpoint(Duration age, Duration duration, int failures) {
    checkpointAge = age;
    checkpointDuration = duration;
    failuresInRow = failures;
    return this;
  }

  ObservationBuilder savepointInProgress() {
    savepointInProgress = true;
    return this;
  }

  Observation build() {
    double capacity = parallelism * SUBTASK_RATE;
    double reading = throughput != null ? throughput
        : lag > 0 ? capacity : Math.min(arrival, capacity);
    double busy = averageBusy != null ? averageBusy : reading / capacity;
    return new Observation(
        time,
        runningSince,
        parallelism,
        partitions,
        List.of(new SourceMetrics("orders", lag, arrival, lagChecked)),
        List.of(new VertexLoad("enrich", true, reading, busy,
            maxBusy != null ? maxBusy : busy)),
        new CheckpointMetrics(Duration.ofSeconds(30), Duration.ofMinutes(2),
            Optional.of(checkpointDuration), Optional.of(checkpointAge), failuresInRow,
            savepointInProgress));
  }
}
