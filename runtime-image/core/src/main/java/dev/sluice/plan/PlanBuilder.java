package dev.sluice.plan;

import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.api.pipeline.Checkpointing;
import dev.sluice.api.pipeline.PipelineSpec;
import dev.sluice.api.pipeline.QualityRule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a Pipeline and its Datasets into a plan: a pure function, so the same specs always give
 * the same plan and hash. It checks what it can see without Flink (missing Datasets, rules that
 * point nowhere, credentials in properties); whether the SQL is right is for a {@link PlanValidator}.
 */
public final class PlanBuilder {

  private final String namespace;
  private final String pipeline;
  private final PipelineSpec spec;
  private final Map<String, DatasetSpec> datasets;
  private final PlanContext context;
  private final List<PlanError> errors = new ArrayList<>();

  private PlanBuilder(String namespace, String pipeline, PipelineSpec spec, Map<String, DatasetSpec> datasets,
                      PlanDefaults defaults) {
    this.namespace = namespace;
    this.pipeline = pipeline;
    this.spec = spec;
    this.datasets = datasets;
    this.context = new PlanContext(namespace, pipeline, spec.checkpointing().mode(), defaults);
  }

  /**
   * The plan of a Pipeline.
   *
   * @param datasetsByName the Datasets of the Pipeline's namespace, at least those it names in
   *     inputs, outputs and quality dead letters
   */
  public static PlanResult build(String namespace, String pipelineName, PipelineSpec spec,
                                 Map<String, DatasetSpec> datasetsByName, PlanDefaults defaults) {
    return new PlanBuilder(namespace, pipelineName, spec, datasetsByName, defaults).build();
  }

  /**
   * The plan of a Dataset on its own: its table as a Pipeline that reads it creates it, and nothing
   * to run. A {@link PlanValidator} checks with it what the Dataset alone decides, such as its
   * column types and its event-time column, before any Pipeline names it.
   */
  public static PipelinePlan tableOf(String namespace, String datasetName, DatasetSpec dataset,
                                     PlanDefaults defaults) {
    PlanContext context = new PlanContext(namespace, datasetName, Checkpointing.DEFAULT.mode(), defaults);
    PlanStatement ddl = TableDdl.render(new Table(datasetName, dataset, TableRole.SOURCE, false), context,
        new Rendered());
    return PipelinePlan.of(namespace, datasetName, List.of(datasetName), List.of(), List.of(ddl), List.of(),
        Map.of(), 1, List.of(), List.of());
  }

  private PlanResult build() {
    Map<String, Table> inputs = tables(spec.inputs(), "spec.inputs", TableRole.SOURCE, checkedInputs());
    Map<String, Table> outputs = tables(spec.outputs(), "spec.outputs", TableRole.SINK, List.of());
    checkSpec(inputs, outputs);
    if (!errors.isEmpty()) {
      return PlanResult.failed(errors);
    }
    Map<String, Table> deadLetters = deadLetters(outputs);
    List<SecretEnv> secrets = new ArrayList<>();
    List<PlanStatement> ddl = tableStatements(inputs, outputs, deadLetters, secrets);
    List<PlanStatement> inserts = new ArrayList<>();
    List<PlanRule> rules = List.of();
    if (!spec.quality().isEmpty()) {
      QualityStatements quality = new QualityStatements(context, spec.quality(), inputs, deadLetters, errors);
      ddl.addAll(quality.ddl());
      inserts.addAll(quality.inserts());
      rules = quality.planRules();
    }
    for (SqlScript.Statement statement : SqlScript.split(spec.sql())) {
      PlanStatement rendered = new PlanStatement(statement.sql(), context.pipelineResource(), "spec.sql",
          statement.line());
      (statement.keyword().equals("INSERT") ? inserts : ddl).add(rendered);
    }
    if (!errors.isEmpty()) {
      return PlanResult.failed(errors);
    }
    Map<String, String> flinkConfig =
        FlinkSettings.render(namespace, pipeline, spec.checkpointing(), context.defaults(), secrets);
    if (!rules.isEmpty()) {
      QualityStatements.configure(flinkConfig);
    }
    return PlanResult.of(PipelinePlan.of(namespace, pipeline, spec.inputs(), spec.outputs(), ddl, inserts,
        flinkConfig, spec.parallelism().initial(), secrets, rules));
  }

  private void checkSpec(Map<String, Table> inputs, Map<String, Table> outputs) {
    QualityRules.check(pipeline, spec, datasets, errors);
    rejectSharedTableNames(inputs, outputs);
    List<String> named = new ArrayList<>(spec.inputs());
    named.addAll(spec.outputs());
    spec.quality().stream().map(QualityRule::deadLetter).filter(name -> name != null).forEach(named::add);
    DurationFields.check(pipeline, spec, datasets, named, errors);
  }

  /** CREATE TABLE for every input, output and dead letter, after Sluice's database if one needs it. */
  private List<PlanStatement> tableStatements(Map<String, Table> inputs, Map<String, Table> outputs,
                                              Map<String, Table> deadLetters, List<SecretEnv> secrets) {
    List<Table> tables = new ArrayList<>(inputs.values());
    tables.addAll(outputs.values());
    deadLetters.values().stream().filter(Table::internal).forEach(tables::add);
    List<PlanStatement> ddl = new ArrayList<>();
    if (tables.stream().anyMatch(Table::internal)) {
      ddl.add(new PlanStatement("CREATE DATABASE " + Sql.identifier(Table.INTERNAL_DATABASE),
          context.pipelineResource(), "spec.quality", 0));
    }
    for (Table table : tables) {
      Rendered rendered = new Rendered();
      ddl.add(TableDdl.render(table, context, rendered));
      secrets.addAll(rendered.secrets());
      errors.addAll(rendered.errors());
    }
    return ddl;
  }

  private List<String> checkedInputs() {
    return spec.quality().stream().map(QualityRule::input).toList();
  }

  private Map<String, Table> tables(List<String> names, String field, TableRole role, List<String> internal) {
    Map<String, Table> tables = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      DatasetSpec dataset = datasets.get(name);
      if (dataset == null) {
        errors.add(PlanError.pipeline(pipeline, field + "[" + i + "]", "Dataset '" + name
            + "' does not exist in namespace " + namespace + "; create it or remove it from " + field));
      } else {
        tables.put(name, new Table(name, dataset, role, internal.contains(name)));
      }
    }
    return tables;
  }

  /** Dead-letter Datasets; those that are not outputs live in Sluice's database. */
  private Map<String, Table> deadLetters(Map<String, Table> outputs) {
    Map<String, Table> deadLetters = new LinkedHashMap<>();
    spec.quality().stream().map(QualityRule::deadLetter).filter(name -> name != null).distinct()
        .forEach(name -> deadLetters.put(name, outputs.containsKey(name)
            ? outputs.get(name)
            : new Table(name, datasets.get(name), TableRole.SINK, true)));
    return deadLetters;
  }

  private void rejectSharedTableNames(Map<String, Table> inputs, Map<String, Table> outputs) {
    Map<String, String> datasetByTable = new HashMap<>();
    List<String> all = new ArrayList<>(inputs.keySet());
    all.addAll(outputs.keySet());
    for (String dataset : all) {
      String other = datasetByTable.putIfAbsent(Table.nameOf(dataset), dataset);
      if (other != null && !other.equals(dataset)) {
        errors.add(PlanError.pipeline(pipeline, fieldOf(dataset), "Datasets '" + other + "' and '" + dataset
            + "' both become table " + Table.nameOf(dataset) + "; rename one of them"));
      }
    }
  }

  private String fieldOf(String dataset) {
    int input = spec.inputs().indexOf(dataset);
    return input >= 0 ? "spec.inputs[" + input + "]" : "spec.outputs[" + spec.outputs().indexOf(dataset) + "]";
  }
}
