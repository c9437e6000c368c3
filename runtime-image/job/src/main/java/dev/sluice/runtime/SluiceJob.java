package dev.sluice.runtime;

import dev.sluice.flink.FlinkPlanValidator;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanError;
import dev.sluice.plan.PlanJson;
import dev.sluice.plan.PlanStatement;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The main class of every Sluice job: reads a plan and runs it as one Flink job. It runs unchanged
 * in a MiniCluster and in a standalone application cluster, where the job manager's entrypoint
 * calls it; either way it takes the cluster's execution environment.
 *
 * <p>Usage: {@code SluiceJob [--plan /etc/sluice/plan.json]}
 */
public final class SluiceJob {

  public static final Path DEFAULT_PLAN = Path.of("/etc/sluice/plan.json");
  private static final Logger LOG = LoggerFactory.getLogger(SluiceJob.class);

  private SluiceJob() {
  }

  public static void main(String[] args) throws Exception {
    PipelinePlan plan = PlanJson.read(planFile(args));
    JobClient job = start(plan, System.getenv(), new Configuration());
    LOG.info("Submitted {}/{} (plan {}) as Flink job {}", plan.namespace(), plan.name(), plan.hash(), job.getJobID());
  }

  /**
   * Validates the plan, resolves its secrets from the environment and submits its inserts as one
   * statement set.
   *
   * @param environment the process environment, which holds the plan's secret variables
   * @param overrides configuration that takes precedence over the plan's, such as
   *     {@code parallelism.default} or {@code execution.state-recovery.path}
   */
  public static JobClient start(PipelinePlan plan, Map<String, String> environment, Configuration overrides) {
    List<PlanError> errors = new FlinkPlanValidator().validate(plan);
    if (!errors.isEmpty()) {
      throw new InvalidPlanException(plan, errors);
    }
    Configuration configuration = Configuration.fromMap(plan.flinkConfig());
    configuration.addAll(overrides);
    StreamTableEnvironment tables =
        StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment(configuration));
    SecretPlaceholders secrets = new SecretPlaceholders(plan.secretEnv(), environment);
    for (PlanStatement statement : plan.ddl()) {
      tables.executeSql(secrets.resolve(statement.sql()));
    }
    StatementSet inserts = tables.createStatementSet();
    plan.inserts().forEach(insert -> inserts.addInsertSql(secrets.resolve(insert.sql())));
    return inserts.execute().getJobClient()
        .orElseThrow(() -> new IllegalStateException("Flink returned no job for " + plan.name()));
  }

  static Path planFile(String[] args) {
    if (args.length == 0) {
      return DEFAULT_PLAN;
    }
    if (args.length == 2 && args[0].equals("--plan")) {
      return Path.of(args[1]);
    }
    throw new IllegalArgumentException("usage: SluiceJob [--plan <plan.json>], not " + String.join(" ", args));
  }
}
