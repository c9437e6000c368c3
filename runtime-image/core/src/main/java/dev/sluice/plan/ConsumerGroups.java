package dev.sluice.plan;

import dev.sluice.api.dataset.KafkaConnector;

/** The Kafka consumer group a Pipeline's source reads a Dataset with; the operator reads lag from it. */
public final class ConsumerGroups {

  private ConsumerGroups() {
  }

  /** The Dataset's {@code groupId}, else {@code sluice-<namespace>-<pipeline>}. */
  public static String of(String namespace, String pipeline, KafkaConnector kafka) {
    return kafka.groupId() != null ? kafka.groupId() : "sluice-" + namespace + "-" + pipeline;
  }
}
