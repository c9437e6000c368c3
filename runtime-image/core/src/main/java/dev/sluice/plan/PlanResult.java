package dev.sluice.plan;

import java.util.List;

/** Either a plan, or the errors that prevent one. */
public record PlanResult(PipelinePlan plan, List<PlanError> errors) {

  public PlanResult {
    errors = List.copyOf(errors);
  }

  static PlanResult of(PipelinePlan plan) {
    return new PlanResult(plan, List.of());
  }

  static PlanResult failed(List<PlanError> errors) {
    return new PlanResult(null, errors);
  }

  public boolean valid() {
    return plan != null;
  }
}
