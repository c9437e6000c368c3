package dev.sluice.reconciler.pipeline;

import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanError;
import dev.sluice.plan.PlanValidator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers the verdict of a validator by plan hash. A Pipeline is reconciled every observe
 * interval, and running Flink's planner each time on an unchanged plan would cost seconds of CPU
 * for nothing; the hash covers everything the verdict depends on.
 */
public final class RememberingPlanValidator implements PlanValidator {

  /**
   * More than the Pipelines one operator carries: reconciles visit Pipelines in turn, so with fewer
   * places than Pipelines every verdict is gone before it is asked for again and each reconcile
   * plans anew (docs/benchmarks.md). A verdict is a hash and a list, almost always empty: about
   * 200 bytes.
   */
  private static final int REMEMBERED_PLANS = 4096;

  private final PlanValidator validator;
  private final Map<String, List<PlanError>> verdicts = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, List<PlanError>> eldest) {
      return size() > REMEMBERED_PLANS;
    }
  };

  public RememberingPlanValidator(PlanValidator validator) {
    this.validator = validator;
  }

  @Override
  public List<PlanError> validate(PipelinePlan plan) {
    synchronized (verdicts) {
      List<PlanError> known = verdicts.get(plan.hash());
      if (known != null) {
        return known;
      }
    }
    List<PlanError> verdict = List.copyOf(validator.validate(plan));
    synchronized (verdicts) {
      verdicts.put(plan.hash(), verdict);
    }
    return verdict;
  }
}
