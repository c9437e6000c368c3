package dev.sluice.testing;

import dev.sluice.api.dataset.Connector;
import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.api.dataset.KafkaConnector;

import java.util.LinkedHashMap;
import java.util.Map;

/** Datasets of the examples, moved onto the test broker. */
public final class TestDatasets {

  private TestDatasets() {
  }

  /** The same Dataset, with its topic on the given broker and no credentials (the broker has none). */
  public static DatasetSpec onBroker(DatasetSpec dataset, KafkaBroker broker) {
    KafkaConnector kafka = dataset.connector().kafka();
    KafkaConnector local = new KafkaConnector(kafka.topic(), broker.bootstrapServers(), kafka.partitions(),
        kafka.startupMode(), kafka.groupId(), kafka.properties(), null, kafka.local());
    return new DatasetSpec(new Connector(local, null, null, null, null), dataset.format(), dataset.schema(),
        dataset.contract());
  }

  /** Every Kafka Dataset of a set moved onto the broker, with its topic created; others unchanged. */
  public static Map<String, DatasetSpec> onBroker(Map<String, DatasetSpec> datasets, KafkaBroker broker) {
    Map<String, DatasetSpec> moved = new LinkedHashMap<>();
    datasets.forEach((name, dataset) -> {
      if (dataset.connector().kafka() != null) {
        broker.createTopic(dataset.connector().kafka().topic(), 1);
        moved.put(name, onBroker(dataset, broker));
      } else {
        moved.put(name, dataset);
      }
    });
    return moved;
  }
}
