package dev.sluice.lineage;

import dev.sluice.api.dataset.Connector;
import dev.sluice.api.dataset.Dataset;
import io.openlineage.client.dataset.Naming;
import io.openlineage.client.utils.DatasetIdentifier;
import io.openlineage.client.utils.filesystem.FilesystemDatasetUtils;

import java.net.URI;

/**
 * A Dataset's name in OpenLineage, after OpenLineage's naming conventions: a Kafka topic in the
 * namespace of its first bootstrap server, files by their location. Generated and discarded rows
 * (datagen, blackhole, print) have no place of their own: they are named after the Dataset, in the
 * namespace {@code sluice://<kubernetes namespace>}, which also names every Dataset as a symlink.
 */
final class DatasetNames {

  private DatasetNames() {
  }

  static DatasetIdentifier of(Dataset dataset) {
    Connector connector = dataset.getSpec().connector();
    if (connector.kafka() != null) {
      String first = connector.kafka().bootstrapServers().split(",")[0].trim();
      int colon = first.lastIndexOf(':');
      Naming.Kafka kafka = new Naming.Kafka(colon < 0 ? first : first.substring(0, colon),
          colon < 0 ? "9092" : first.substring(colon + 1), connector.kafka().topic());
      return new DatasetIdentifier(kafka.getName(), kafka.getNamespace());
    }
    if (connector.filesystem() != null) {
      return FilesystemDatasetUtils.fromLocation(URI.create(connector.filesystem().path()));
    }
    return sluice(dataset.getMetadata().getNamespace(), dataset.getMetadata().getName());
  }

  /** The Dataset itself, as Sluice names it. */
  static DatasetIdentifier sluice(String kubernetesNamespace, String dataset) {
    return new DatasetIdentifier(dataset, "sluice://" + kubernetesNamespace);
  }
}
