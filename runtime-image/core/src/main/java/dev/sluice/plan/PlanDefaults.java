package dev.sluice.plan;

import java.time.Duration;

/**
 * Settings a plan takes from the operator's configuration rather than from the Pipeline.
 *
 * @param checkpointStorage base URI for checkpoints and savepoints of Pipelines that name none;
 *     each Pipeline gets {@code <base>/<namespace>/<name>} below it
 * @param stateBackend Flink's state backend: rocksdb (state larger than memory, incremental
 *     checkpoints) or hashmap (small state, fastest)
 * @param prometheusPort port of the Prometheus metrics reporter in every Flink process, or null
 *     for none
 * @param maxParallelism Flink's max parallelism, fixed so that keyed state can be rescaled to any
 *     parallelism up to it; changing it makes old state unusable
 * @param kafkaTransactionTimeout Kafka transaction timeout of exactly-once sinks; it must not
 *     exceed the brokers' transaction.max.timeout.ms (15 minutes by default)
 * @param restartAttempts failures in a row after which the job fails for good
 * @param restartInitialBackoff delay before the first restart; it doubles up to restartMaxBackoff
 * @param restartMaxBackoff longest delay between restarts
 */
public record PlanDefaults(
    String checkpointStorage,
    String stateBackend,
    Integer prometheusPort,
    int maxParallelism,
    Duration kafkaTransactionTimeout,
    int restartAttempts,
    Duration restartInitialBackoff,
    Duration restartMaxBackoff) {

  public static final int PROMETHEUS_PORT = 9249;

  /** The defaults for pods: RocksDB, Prometheus on 9249, and state under the given storage URI. */
  public static PlanDefaults forStorage(String checkpointStorage) {
    return new PlanDefaults(checkpointStorage, "rocksdb", PROMETHEUS_PORT, 720, Duration.ofMinutes(15),
        10, Duration.ofSeconds(1), Duration.ofMinutes(1));
  }

  public PlanDefaults withStateBackend(String backend) {
    return new PlanDefaults(checkpointStorage, backend, prometheusPort, maxParallelism, kafkaTransactionTimeout,
        restartAttempts, restartInitialBackoff, restartMaxBackoff);
  }

  /** Without the Prometheus reporter, for processes that must not open a port on all interfaces. */
  public PlanDefaults withoutPrometheus() {
    return new PlanDefaults(checkpointStorage, stateBackend, null, maxParallelism, kafkaTransactionTimeout,
        restartAttempts, restartInitialBackoff, restartMaxBackoff);
  }

  public PlanDefaults withRestarts(int attempts, Duration initialBackoff, Duration maxBackoff) {
    return new PlanDefaults(checkpointStorage, stateBackend, prometheusPort, maxParallelism, kafkaTransactionTimeout,
        attempts, initialBackoff, maxBackoff);
  }
}
