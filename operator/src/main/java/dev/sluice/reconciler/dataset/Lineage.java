package dev.sluice.reconciler.dataset;

import dev.sluice.api.pipeline.Pipeline;

import java.util.Collection;
import java.util.List;

/** Which Pipelines write and read a Dataset, from their specs. */
final class Lineage {

  private Lineage() {
  }

  /** The Pipelines that write the Dataset. */
  static List<Pipeline> producing(String dataset, Collection<Pipeline> pipelines) {
    return pipelines.stream().filter(p -> p.getSpec().writtenDatasets().contains(dataset)).toList();
  }

  static List<String> names(Collection<Pipeline> pipelines) {
    return pipelines.stream().map(p -> p.getMetadata().getName()).sorted().toList();
  }

  static List<String> consumers(String dataset, Collection<Pipeline> pipelines) {
    return pipelines.stream().filter(p -> p.getSpec().inputs().contains(dataset))
        .map(p -> p.getMetadata().getName()).sorted().toList();
  }
}
