package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TaskManagerResources(
    @Default("1")
    @Pattern(ResourceQuantities.CPU)
    @JsonPropertyDescription("CPU request of each task manager, such as 500m or 2. No CPU limit is set; memory is "
        + "both request and limit.")
    String cpu,

    @Default("2Gi")
    @Pattern(ResourceQuantities.MEMORY)
    @JsonPropertyDescription("Memory of each task manager, such as 2Gi.")
    String memory,

    @Default("1")
    @Min(1)
    @Max(64)
    @JsonPropertyDescription("Task slots per task manager; replicas = ceil(parallelism / slots).")
    Integer slots) {

  public static final TaskManagerResources DEFAULT = new TaskManagerResources(null, null, null);

  public TaskManagerResources {
    cpu = cpu == null ? "1" : cpu;
    memory = memory == null ? "2Gi" : memory;
    slots = slots == null ? 1 : slots;
  }

  /** Task managers needed to give every subtask a slot. */
  public int replicasFor(int parallelism) {
    return Math.max(1, (parallelism + slots - 1) / slots);
  }
}
