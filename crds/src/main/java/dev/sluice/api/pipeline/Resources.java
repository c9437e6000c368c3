package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Resources(
    @Default("{}")
    @JsonPropertyDescription("The job manager pod.")
    ProcessResources jobManager,

    @Default("{}")
    @JsonPropertyDescription("Each task manager pod. Task managers follow the parallelism divided by slots.")
    TaskManagerResources taskManager,

    @Size(max = 1024)
    @JsonPropertyDescription("Runtime image to run instead of the operator's default.")
    String image,

    @Default("{}")
    @JsonPropertyDescription("Labels, annotations, tolerations and node selector added to every pod.")
    PodOverrides podTemplate) {

  public static final Resources DEFAULT = new Resources(null, null, null, null);

  public Resources {
    jobManager = jobManager == null ? ProcessResources.JOB_MANAGER_DEFAULT : jobManager;
    taskManager = taskManager == null ? TaskManagerResources.DEFAULT : taskManager;
    podTemplate = podTemplate == null ? PodOverrides.NONE : podTemplate;
  }
}
