package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProcessResources(
    @Default("500m")
    @Pattern(ResourceQuantities.CPU)
    @JsonPropertyDescription("CPU request, such as 500m or 2. No CPU limit is set, so that the JVM starts and "
        + "plans the job on idle cores; memory is both request and limit.")
    String cpu,

    @Default("1Gi")
    @Pattern(ResourceQuantities.MEMORY)
    @JsonPropertyDescription("Memory of the pod, such as 1Gi or 1536Mi. Flink sizes its heap and off-heap within it.")
    String memory) {

  public static final ProcessResources JOB_MANAGER_DEFAULT = new ProcessResources(null, null);

  public ProcessResources {
    cpu = cpu == null ? "500m" : cpu;
    memory = memory == null ? "1Gi" : memory;
  }
}
