package dev.sluice.flink;

import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanError;
import dev.sluice.plan.PlanValidator;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;

import java.util.List;

/**
 * Checks a plan with Flink's own SQL parser and planner: every statement is parsed, the tables and
 * views are created in an in-memory catalog, and every INSERT is planned down to the job graph,
 * as the job would be, but nothing runs and nothing connects to Kafka.
 */
public final class FlinkPlanValidator implements PlanValidator {

  @Override
  public List<PlanError> validate(PipelinePlan plan) {
    TableEnvironment environment = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    return new PlanCheck(plan, (TableEnvironmentInternal) environment).run();
  }
}
