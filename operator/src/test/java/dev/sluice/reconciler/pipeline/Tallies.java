package dev.sluice.reconciler.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.testing.ApiServer;
import dev.sluice.fixtures.KafkaBroker;
import dev.sluice.testing.TestPaths;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The {@code tallies} Pipeline of {@code kafka/tallies.yaml} in one namespace, on the test broker
 * with topics of its own: it counts taps per key into an upsert topic, exactly once, so that its
 * committed counts prove what state it kept.
 */
final class Tallies {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiServer api;
  private final KafkaBroker kafka;
  private final String namespace;

  Tallies(ApiServer api, KafkaBroker kafka, String namespace) {
    this.api = api;
    this.kafka = kafka;
    this.namespace = namespace;
  }

  /** Creates the topics, the two Datasets and the Pipeline. */
  void create() throws IOException {
    kafka.createTopic(inputTopic(), 2);
    kafka.createTopic(namespace + ".tap-counts", 1);
    String manifests = Files.readString(TestPaths.repoRoot().resolve("operator/src/test/resources/kafka/tallies.yaml"))
        .replace("BOOTSTRAP", kafka.bootstrapServers())
        .replace("TOPICS", namespace);
    api.client().load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8))).inNamespace(namespace)
        .create();
  }

  String inputTopic() {
    return namespace + ".taps";
  }

  /** Writes {@code count} taps of each key. */
  void tap(Map<String, Integer> count) {
    List<Map.Entry<String, String>> records = new ArrayList<>();
    count.forEach((key, taps) -> IntStream.range(0, taps)
        .forEach(i -> records.add(Map.entry(key, "{\"k\":\"" + key + "\"}"))));
    kafka.produce(inputTopic(), records);
  }

  /** The latest committed count of each key. */
  Map<String, Long> counts() {
    Map<String, Long> counts = new TreeMap<>();
    for (ConsumerRecord<String, String> record : kafka.readCommitted(namespace + ".tap-counts")) {
      try {
        var row = JSON.readTree(record.value());
        counts.put(row.get("k").asText(), row.get("n").asLong());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return counts;
  }

  Dataset dataset(String name) {
    return api.client().resources(Dataset.class).inNamespace(namespace).withName(name).get();
  }

  Pipeline pipeline() {
    return api.client().resources(Pipeline.class).inNamespace(namespace).withName("tallies").get();
  }

  void patch(String mergePatch) {
    api.client().genericKubernetesResources("sluice.dev/v1alpha1", "Pipeline").inNamespace(namespace)
        .withName("tallies").patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }
}
