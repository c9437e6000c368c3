package dev.sluice.runtime;

import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanError;

import java.util.List;
import java.util.stream.Collectors;

/** A plan that Flink's planner refuses; the job is not submitted. */
public final class InvalidPlanException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<PlanError> errors;

  InvalidPlanException(PipelinePlan plan, List<PlanError> errors) {
    super("the plan of " + plan.namespace() + "/" + plan.name() + " is invalid:\n" + errors.stream()
        .map(PlanError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<PlanError> errors() {
    return errors;
  }
}
