package dev.sluice.api.slo;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

@JsonClassDescription("A promise about a Pipeline or a Dataset (freshness, lag, checkpoints, availability, quality or latency), with its error budget tracked on the status.")
@Group("sluice.dev")
@Version("v1alpha1")
@ShortNames("slo")
@Categories("sluice")
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.target.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Objective", jsonPath = ".spec.objective",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "SLI", jsonPath = ".status.sli",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Compliance", jsonPath = ".status.compliance",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Budget Left", jsonPath = ".status.errorBudgetRemaining",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ServiceLevelObjective extends CustomResource<SloSpec, SloStatus> implements Namespaced {
}
