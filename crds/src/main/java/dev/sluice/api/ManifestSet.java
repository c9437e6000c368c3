package dev.sluice.api;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.slo.ServiceLevelObjective;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;
import java.util.Optional;

/** The Sluice resources found in a set of manifests, by kind. */
public record ManifestSet(List<Dataset> datasets, List<Pipeline> pipelines, List<ServiceLevelObjective> slos) {

  public static ManifestSet of(List<HasMetadata> resources) {
    return new ManifestSet(
        ofKind(resources, Dataset.class),
        ofKind(resources, Pipeline.class),
        ofKind(resources, ServiceLevelObjective.class));
  }

  public Optional<Dataset> dataset(String name) {
    return datasets.stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst();
  }

  private static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> resources, Class<T> kind) {
    return resources.stream().filter(kind::isInstance).map(kind::cast).toList();
  }
}
