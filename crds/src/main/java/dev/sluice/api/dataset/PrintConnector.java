package dev.sluice.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PrintConnector(
    @JsonPropertyDescription("A prefix on every printed line, to tell several print sinks apart.")
    String identifier) {
}
