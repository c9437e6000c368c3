package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ParallelismStatus {

  @JsonPropertyDescription("Parallelism the job runs with now.")
  private Integer current;

  @JsonPropertyDescription("Parallelism the operator is moving the job to.")
  private Integer desired;

  @JsonPropertyDescription("Task manager pods that are ready.")
  private Integer taskManagers;

  public Integer getCurrent() {
    return current;
  }

  public void setCurrent(Integer current) {
    this.current = current;
  }

  public Integer getDesired() {
    return desired;
  }

  public void setDesired(Integer desired) {
    this.desired = desired;
  }

  public Integer getTaskManagers() {
    return taskManagers;
  }

  public void setTaskManagers(Integer taskManagers) {
    this.taskManagers = taskManagers;
  }
}
