package dev.sluice.reconciler.pipeline;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.dataset.Schema;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.reconciler.LeanStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reconciles the Pipelines that name a Dataset when what their plans read of it changes: a Dataset
 * appearing, its spec, or its accepted schema. Not its freshness, which follows every observation
 * of its producers and would otherwise have each observation trigger another.
 */
final class DatasetEvents {

  /** Pipelines by the Datasets they name: without it, each Dataset event would scan every Pipeline. */
  private static final String BY_DATASET = "sluice-dataset";

  private DatasetEvents() {
  }

  static InformerEventSource<Dataset, Pipeline> source(EventSourceContext<Pipeline> context) {
    context.getPrimaryCache().addIndexer(BY_DATASET, pipeline -> pipeline.getSpec().namedDatasets().stream()
        .map(name -> key(pipeline.getMetadata().getNamespace(), name))
        .toList());
    var datasets = InformerEventSourceConfiguration.from(Dataset.class, Pipeline.class)
        .withSecondaryToPrimaryMapper((Dataset dataset) -> context.getPrimaryCache()
            .byIndex(BY_DATASET, key(dataset.getMetadata().getNamespace(), dataset.getMetadata().getName())).stream()
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper((Pipeline pipeline) -> pipeline.getSpec().namedDatasets().stream()
            .map(name -> new ResourceID(name, pipeline.getMetadata().getNamespace()))
            .collect(Collectors.toSet()))
        .withOnUpdateFilter(DatasetEvents::changesPlans)
        .withItemStore(new LeanStore<>())
        .build();
    return new InformerEventSource<>(datasets, context);
  }

  private static String key(String namespace, String dataset) {
    return namespace + "/" + dataset;
  }

  static boolean changesPlans(Dataset newer, Dataset older) {
    return !Objects.equals(newer.getMetadata().getGeneration(), older.getMetadata().getGeneration())
        || !Objects.equals(acceptedSchema(newer), acceptedSchema(older));
  }

  private static Schema acceptedSchema(Dataset dataset) {
    return dataset.getStatus() == null ? null : dataset.getStatus().getAcceptedSchema();
  }
}
