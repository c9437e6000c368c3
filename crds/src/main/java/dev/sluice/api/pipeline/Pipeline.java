package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

@JsonClassDescription("Flink SQL over Datasets, run as a stateful Flink job that Sluice deploys, observes and scales.")
@Group("sluice.dev")
@Version("v1alpha1")
@ShortNames("pl")
@Categories("sluice")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
// The Degraded condition's reason: Healthy, or what is wrong (JobFailed, JobRestarting, RolledBack...).
@AdditionalPrinterColumn(name = "Health", jsonPath = ".status.conditions[?(@.type==\"Degraded\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Parallelism", jsonPath = ".status.parallelism.current",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Lag", jsonPath = ".status.lag.records",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Freshness", jsonPath = ".status.freshness",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
// The name prefixes the Services (<name>-jobmanager, <name>-rest), which must be DNS labels of at most
// 63 characters; checked at admission, since a Service the API server refuses would leave a half-made cluster.
@ValidationRule(value = "self.metadata.name.size() <= 50 && self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')",
    message = "metadata.name must be at most 50 characters of lower-case letters, digits and '-', starting with a "
        + "letter and ending with a letter or digit: it prefixes the names of the Pipeline's Services",
    reason = "FieldValueInvalid")
public class Pipeline extends CustomResource<PipelineSpec, PipelineStatus> implements Namespaced {
}
