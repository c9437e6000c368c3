package dev.sluice.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.Manifests;
import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.dataset.KafkaConnector;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kafka Datasets marked {@code local: true}: {@code sluice run} serves their topics from its
 * embedded broker, in place of {@code bootstrapServers}, which is for a cluster.
 */
final class LocalKafka {

  private LocalKafka() {
  }

  static boolean any(Map<String, Dataset> datasets) {
    return datasets.values().stream().anyMatch(LocalKafka::local);
  }

  /** The Datasets with every local one pointed at the embedded broker; the others as they are. */
  static Map<String, Dataset> servedBy(String bootstrapServers, Map<String, Dataset> datasets) {
    Map<String, Dataset> served = new LinkedHashMap<>();
    datasets.forEach((name, dataset) -> served.put(name, local(dataset) ? pointed(dataset, bootstrapServers) : dataset));
    return served;
  }

  /** The local topics with their declared partition counts. */
  static Map<String, Integer> topics(Map<String, Dataset> datasets) {
    Map<String, Integer> topics = new LinkedHashMap<>();
    datasets.values().stream().filter(LocalKafka::local).map(dataset -> dataset.getSpec().connector().kafka())
        .forEach(kafka -> topics.merge(kafka.topic(), kafka.partitions(), Math::max));
    return topics;
  }

  private static boolean local(Dataset dataset) {
    KafkaConnector kafka = dataset.getSpec().connector().kafka();
    return kafka != null && kafka.local();
  }

  private static Dataset pointed(Dataset dataset, String bootstrapServers) {
    ObjectNode tree = Manifests.yaml().valueToTree(dataset);
    ((ObjectNode) tree.path("spec").path("connector").path("kafka")).put("bootstrapServers", bootstrapServers);
    try {
      return Manifests.yaml().treeToValue(tree, Dataset.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot copy Dataset " + dataset.getMetadata().getName(), e);
    }
  }
}
