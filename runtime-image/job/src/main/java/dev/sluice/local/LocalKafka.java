package dev.sluice.local;

import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.plan.PlanError;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Kafka Datasets marked local ask {@code sluice run} for an embedded broker. This runner has none
 * yet, so it refuses them with the way out, rather than reading from a broker that is not there.
 */
final class LocalKafka {

  private LocalKafka() {
  }

  static List<PlanError> refuse(Pipeline pipeline, Map<String, DatasetSpec> datasets) {
    return Stream.concat(pipeline.getSpec().inputs().stream(), pipeline.getSpec().outputs().stream())
        .filter(name -> datasets.get(name).connector().kafka() != null
            && datasets.get(name).connector().kafka().local())
        .map(name -> new PlanError("Dataset/" + name, "spec.connector.kafka.local", "sluice run has no embedded "
            + "Kafka broker yet; set local: false and point bootstrapServers at a broker this machine reaches"))
        .toList();
  }
}
