package dev.sluice.api.slo;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "self.kind == 'Pipeline' || self.kind == 'Dataset'",
    message = "spec.target.kind must be Pipeline or Dataset", reason = "FieldValueInvalid",
    fieldPath = ".kind")
public record TargetRef(
    @Required
    @JsonPropertyDescription("Pipeline or Dataset.")
    String kind,

    @Required
    @Size(min = 1, max = 253)
    @JsonPropertyDescription("Name of the Pipeline or Dataset.")
    String name) {
}
