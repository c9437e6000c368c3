package dev.sluice.plan;

import java.util.List;

/**
 * Checks a plan the way the job will run it, before anything is deployed. The operator calls it
 * before it creates pods; the runtime calls it before it submits the job.
 */
public interface PlanValidator {

  /** The errors in the plan, each naming the resource and field to fix; empty when it is valid. */
  List<PlanError> validate(PipelinePlan plan);
}
