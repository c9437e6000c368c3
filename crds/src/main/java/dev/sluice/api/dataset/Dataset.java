package dev.sluice.api.dataset;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

@JsonClassDescription("A table: where its data lives, its format, its schema and the contract its producers keep.")
@Group("sluice.dev")
@Version("v1alpha1")
@ShortNames("ds")
@Categories("sluice")
@AdditionalPrinterColumn(name = "Connector", jsonPath = ".status.connector",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Format", jsonPath = ".spec.format",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Producers", jsonPath = ".status.producers",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Freshness", jsonPath = ".status.freshness",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Dataset extends CustomResource<DatasetSpec, DatasetStatus> implements Namespaced {
}
