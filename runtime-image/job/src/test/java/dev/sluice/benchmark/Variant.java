package dev.sluice.benchmark;

import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.fixtures.JobTestCluster;
import dev.sluice.fixtures.Specs;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanBuilder;
import dev.sluice.plan.PlanResult;
import dev.sluice.runtime.SluiceJob;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One way of running a query: by hand on Flink, or through Sluice with or without quality rules. */
enum Variant {

  FLINK("(b) flink", null),
  SLUICE("(a) sluice", List.of()),
  ONE_RULE("(c) 1 rule", NexmarkQueries.RULES.subList(4, 5)),
  FIVE_RULES("(c) 5 rules", NexmarkQueries.RULES),
  DEAD_LETTER("(c) dead letter", List.of(NexmarkQueries.DEAD_LETTER_RULE));

  private final String label;
  /** The quality rules as YAML, or null for the hand-written Flink job. */
  private final List<String> rules;

  Variant(String label, List<String> rules) {
    this.label = label;
    this.rules = rules;
  }

  String label() {
    return label;
  }

  /** Submits the query's job; it reads {@code rows} generated bids and ends. */
  JobClient submit(NexmarkQueries.Query query, long rows, int parallelism, Path state) {
    return rules == null ? byHand(query, rows, parallelism, state) : sluice(query, rows, parallelism, state);
  }

  private JobClient sluice(NexmarkQueries.Query query, long rows, int parallelism, Path state) {
    Map<String, DatasetSpec> datasets = NexmarkQueries.datasets(query, rows);
    String quality = rules.isEmpty() ? "" : "quality:\n" + rules.stream().map(rule -> "  - " + rule + "\n")
        .collect(Collectors.joining());
    PlanResult result = PlanBuilder.build("bench", query.name(), Specs.pipeline("""
        inputs: [bids]
        outputs: [results]
        sql: |
          %s
        %s""".formatted(query.insert(), quality)), datasets, JobTestCluster.defaults(state));
    if (!result.valid()) {
      throw new IllegalStateException("plan of " + query.name() + ": " + result.errors());
    }
    PipelinePlan plan = result.plan();
    return SluiceJob.start(plan, Map.of(), JobTestCluster.parallelism(parallelism));
  }

  /**
   * The job a person writes for Flink: the same statements, and the settings Sluice's plan gives
   * (streaming, exactly-once checkpoints every 30 s, heap state), set by hand.
   */
  private static JobClient byHand(NexmarkQueries.Query query, long rows, int parallelism, Path state) {
    Configuration configuration = Configuration.fromMap(Map.of(
        "pipeline.name", "flink/" + query.name(),
        "parallelism.default", Integer.toString(parallelism),
        "execution.checkpointing.interval", "30 s",
        "execution.checkpointing.mode", "EXACTLY_ONCE",
        "execution.checkpointing.dir", state.resolve("flink").toUri().toString(),
        "state.backend.type", "hashmap",
        "pipeline.object-reuse", "true"));
    TableEnvironment tables = TableEnvironment.create(
        EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(configuration).build());
    List<String> statements = NexmarkQueries.handWritten(query, rows);
    statements.subList(0, statements.size() - 1).forEach(tables::executeSql);
    return tables.executeSql(statements.get(statements.size() - 1)).getJobClient()
        .orElseThrow(() -> new IllegalStateException("Flink returned no job for " + query.name()));
  }
}
