package dev.sluice.reconciler.dataset;

import dev.sluice.api.pipeline.Pipeline;

import java.util.Collection;
import java.util.List;

/** Which Pipelines write and read a Dataset, from their specs. */
final class Lineage {

  private Lineage() {
  }

  static List<String> producers(String dataset, Collection<Pipeline> pipelines) {
    return pipelines.stream().filter(p -> p.getSpec().writtenDatasets().contains(dataset))
        .map(p -> p.getMetadata().getName()).sorted().toList();
  }

  static List<String> consumers(String dataset, Collection<Pipeline> pipelines) {
    return pipelines.stream().filter(p -> p.getSpec().inputs().contains(dataset))
        .map(p -> p.getMetadata().getName()).sorted().toList();
  }
}
