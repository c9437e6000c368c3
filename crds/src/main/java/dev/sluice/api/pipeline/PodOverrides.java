package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PodOverrides(
    @JsonPropertyDescription("Labels added to every pod.")
    Map<String, String> labels,

    @JsonPropertyDescription("Annotations added to every pod.")
    Map<String, String> annotations,

    @JsonPropertyDescription("Tolerations of every pod.")
    List<Toleration> tolerations,

    @JsonPropertyDescription("Node selector of every pod.")
    Map<String, String> nodeSelector) {

  public static final PodOverrides NONE = new PodOverrides(null, null, null, null);

  public PodOverrides {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
  }
}
