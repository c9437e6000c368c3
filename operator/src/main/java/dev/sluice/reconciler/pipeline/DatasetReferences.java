package dev.sluice.reconciler.pipeline;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.api.pipeline.PipelineSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds the Datasets a Pipeline names. A Pipeline plans against each Dataset's accepted schema,
 * so a producer's refused schema change never reaches running pipelines.
 */
final class DatasetReferences {

  private DatasetReferences() {
  }

  /**
   * The specs to plan with, each carrying its contract's accepted schema when there is one. A
   * missing Dataset is left out; the plan names the field that refers to it.
   */
  static Map<String, DatasetSpec> resolve(PipelineSpec spec, Function<String, Dataset> lookup) {
    Map<String, DatasetSpec> specs = new LinkedHashMap<>();
    spec.namedDatasets().forEach(name -> {
      Dataset dataset = lookup.apply(name);
      if (dataset == null) {
        return;
      }
      DatasetSpec declared = dataset.getSpec();
      boolean accepted = dataset.getStatus() != null && dataset.getStatus().getAcceptedSchema() != null;
      specs.put(name, accepted
          ? new DatasetSpec(declared.connector(), declared.format(), dataset.getStatus().getAcceptedSchema(),
              declared.contract())
          : declared);
    });
    return specs;
  }
}
