package dev.sluice.reconciler.pipeline;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.dataset.Schema;
import dev.sluice.api.pipeline.Pipeline;
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

  private DatasetEvents() {
  }

  static InformerEventSource<Dataset, Pipeline> source(EventSourceContext<Pipeline> context) {
    var datasets = InformerEventSourceConfiguration.from(Dataset.class, Pipeline.class)
        .withSecondaryToPrimaryMapper((Dataset dataset) -> context.getPrimaryCache()
            .list(dataset.getMetadata().getNamespace())
            .filter(p -> p.getSpec().namedDatasets().contains(dataset.getMetadata().getName()))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper((Pipeline pipeline) -> pipeline.getSpec().namedDatasets().stream()
            .map(name -> new ResourceID(name, pipeline.getMetadata().getNamespace()))
            .collect(Collectors.toSet()))
        .withOnUpdateFilter(DatasetEvents::changesPlans)
        .build();
    return new InformerEventSource<>(datasets, context);
  }

  static boolean changesPlans(Dataset newer, Dataset older) {
    return !Objects.equals(newer.getMetadata().getGeneration(), older.getMetadata().getGeneration())
        || !Objects.equals(acceptedSchema(newer), acceptedSchema(older));
  }

  private static Schema acceptedSchema(Dataset dataset) {
    return dataset.getStatus() == null ? null : dataset.getStatus().getAcceptedSchema();
  }
}
