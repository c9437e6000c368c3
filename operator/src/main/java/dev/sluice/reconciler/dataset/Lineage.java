package dev.sluice.reconciler.dataset;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineSpec;
import dev.sluice.api.pipeline.QualityRule;

import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/** Which Pipelines write and read a Dataset, from their specs. */
final class Lineage {

  private Lineage() {
  }

  /** Datasets a pipeline writes: its outputs and the dead-letter datasets of its quality rules. */
  static Stream<String> written(PipelineSpec spec) {
    return Stream.concat(spec.outputs().stream(),
        spec.quality().stream().map(QualityRule::deadLetter).filter(java.util.Objects::nonNull)).distinct();
  }

  /** Every dataset a pipeline touches; a change to the pipeline may change their lineage. */
  static Stream<String> touched(PipelineSpec spec) {
    return Stream.concat(spec.inputs().stream(), written(spec)).distinct();
  }

  static List<String> producers(String dataset, Collection<Pipeline> pipelines) {
    return pipelines.stream().filter(p -> written(p.getSpec()).anyMatch(dataset::equals))
        .map(p -> p.getMetadata().getName()).sorted().toList();
  }

  static List<String> consumers(String dataset, Collection<Pipeline> pipelines) {
    return pipelines.stream().filter(p -> p.getSpec().inputs().contains(dataset))
        .map(p -> p.getMetadata().getName()).sorted().toList();
  }
}
