package dev.sluice.autoscaler;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.dataset.KafkaConnector;
import dev.sluice.api.pipeline.PipelineSpec;

import java.util.Map;

/**
 * What the autoscaler needs to know of a Pipeline's sources from its input Datasets.
 *
 * @param partitions the most subtasks a source can keep busy: a Kafka input's partition count, or
 *     {@code spec.parallelism.max} for an input that is not Kafka (it splits any way); the largest
 *     over the inputs
 * @param kafkaInputs inputs read from Kafka, each of which reports its backlog
 */
public record SourceLayout(int partitions, int kafkaInputs) {

  public static SourceLayout of(PipelineSpec spec, Map<String, Dataset> datasets) {
    int partitions = 1;
    int kafkaInputs = 0;
    for (String input : spec.inputs()) {
      Dataset dataset = datasets.get(input);
      KafkaConnector kafka = dataset == null ? null : dataset.getSpec().connector().kafka();
      if (kafka != null) {
        kafkaInputs++;
        partitions = Math.max(partitions, kafka.partitions());
      } else {
        partitions = Math.max(partitions, spec.parallelism().max());
      }
    }
    return new SourceLayout(partitions, kafkaInputs);
  }
}
