package dev.sluice.plan;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything needed to run one Pipeline as one Flink job: the statements that create its tables
 * and views, the INSERT statements that run together as one statement set, the Flink
 * configuration, and the Secret keys the pods must expose as environment variables. It is written
 * as JSON into the {@code plan.json} key of a ConfigMap and read back by the runtime.
 *
 * @param inputs the Datasets the user's SQL reads, in the order of spec.inputs
 * @param outputs the Datasets the user's SQL writes, in the order of spec.outputs
 * @param ddl statements run in order before the inserts: CREATE DATABASE, TABLE and VIEW
 * @param inserts INSERT statements, submitted together as one job
 * @param flinkConfig Flink configuration of the job and its processes
 * @param parallelism the parallelism of the first deployment; not part of the hash, because a
 *     change of parallelism alone is a rescale, not an upgrade
 * @param hash SHA-256 over the canonical form of everything else but parallelism
 */
public record PipelinePlan(
    String namespace,
    String name,
    List<String> inputs,
    List<String> outputs,
    List<PlanStatement> ddl,
    List<PlanStatement> inserts,
    Map<String, String> flinkConfig,
    int parallelism,
    List<SecretEnv> secretEnv,
    List<PlanRule> qualityRules,
    String hash) {

  public PipelinePlan {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    ddl = List.copyOf(ddl);
    inserts = List.copyOf(inserts);
    flinkConfig = Collections.unmodifiableMap(new TreeMap<>(flinkConfig));
    secretEnv = List.copyOf(secretEnv);
    qualityRules = List.copyOf(qualityRules);
  }

  /** A plan with its hash computed from its content. */
  public static PipelinePlan of(String namespace, String name, List<String> inputs, List<String> outputs,
                                List<PlanStatement> ddl, List<PlanStatement> inserts, Map<String, String> flinkConfig,
                                int parallelism, List<SecretEnv> secretEnv, List<PlanRule> qualityRules) {
    PipelinePlan unhashed = new PipelinePlan(namespace, name, inputs, outputs, ddl, inserts, flinkConfig,
        parallelism, secretEnv, qualityRules, null);
    return unhashed.withHash(PlanHash.of(unhashed));
  }

  /** The Flink job name of a Pipeline's plan, by which the operator finds its job. */
  public static String jobName(String namespace, String name) {
    return "sluice/" + namespace + "/" + name;
  }

  /** The table a Dataset becomes: its name with - and . replaced by _, so page-views is page_views. */
  public static String tableName(String dataset) {
    return Table.nameOf(dataset);
  }

  /** The same plan at another parallelism; the hash stays, since this is a rescale. */
  public PipelinePlan withParallelism(int newParallelism) {
    return new PipelinePlan(namespace, name, inputs, outputs, ddl, inserts, flinkConfig, newParallelism,
        secretEnv, qualityRules, hash);
  }

  private PipelinePlan withHash(String newHash) {
    return new PipelinePlan(namespace, name, inputs, outputs, ddl, inserts, flinkConfig, parallelism,
        secretEnv, qualityRules, newHash);
  }
}
