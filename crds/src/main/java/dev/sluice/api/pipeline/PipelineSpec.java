package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "!has(self.quality) || !has(self.inputs) || self.quality.all(q, q.input in self.inputs)",
    message = "spec.quality[].input must name one of spec.inputs", reason = "FieldValueInvalid",
    fieldPath = ".quality")
@ValidationRule(value = "!has(self.outputs) || !has(self.inputs) || self.outputs.all(o, !(o in self.inputs))",
    message = "spec.outputs must not repeat a dataset of spec.inputs: a pipeline cannot read its own output",
    reason = "FieldValueInvalid", fieldPath = ".outputs")
public record PipelineSpec(
    @Required
    @Size(min = 1, max = 32)
    @JsonPropertyDescription("Datasets the SQL reads, by name, in the Pipeline's namespace. Each becomes "
        + "a table named after it with - and . replaced by _, so dataset page-views is table page_views.")
    List<@Size(max = 253) String> inputs,

    @Required
    @Size(min = 1, max = 32)
    @JsonPropertyDescription("Datasets the SQL writes with INSERT INTO, by name; tables are named as for inputs.")
    List<@Size(max = 253) String> outputs,

    @Required
    @Size(min = 1, max = 65536)
    // Whitespace, -- line comments and /* block comments */ only: no statement to run.
    @ValidationRule(value = "!self.matches('^(\\\\s|--[^\\\\n]*|/[*]([^*]|[*]+[^*/])*[*]+/)*$')",
        message = "must hold at least one statement; it has only whitespace and comments")
    @JsonPropertyDescription("Flink SQL statements separated by semicolons: CREATE TEMPORARY VIEW and "
        + "INSERT INTO over the input and output datasets. Tables come from the Datasets; never write "
        + "CREATE TABLE ... WITH (connector ...).")
    String sql,

    @Size(max = 64)
    @JsonPropertyDescription("Data quality rules checked on input rows before the SQL sees them. "
        + "Names are unique (a list keyed by name).")
    List<QualityRule> quality,

    @Default("{}")
    @JsonPropertyDescription("Initial, minimum and maximum parallelism.")
    Parallelism parallelism,

    @Default("{}")
    @JsonPropertyDescription("Scaling on Kafka lag and checkpoint health.")
    AutoscalerSpec autoscaler,

    @Default("{}")
    @JsonPropertyDescription("Checkpoint interval, mode, timeout and storage.")
    Checkpointing checkpointing,

    @Default("savepoint")
    @JsonPropertyDescription("How state is carried across an upgrade: savepoint (stop with a savepoint, "
        + "restore from it), last-state (restore from the latest checkpoint) or stateless (start empty).")
    UpgradeMode upgradeMode,

    @Default("false")
    @JsonPropertyDescription("Stop the job with a savepoint and keep its state; set back to false to resume from it.")
    Boolean suspend,

    @Default("{}")
    @JsonPropertyDescription("CPU, memory and slots of the job manager and task managers, and pod overrides.")
    Resources resources,

    @Default("{}")
    @JsonPropertyDescription("Roll back to the last stable plan when an upgrade does not reach RUNNING in time.")
    Rollback rollback) {

  public PipelineSpec {
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
    quality = quality == null ? List.of() : List.copyOf(quality);
    parallelism = parallelism == null ? Parallelism.DEFAULT : parallelism;
    autoscaler = autoscaler == null ? AutoscalerSpec.DEFAULT : autoscaler;
    checkpointing = checkpointing == null ? Checkpointing.DEFAULT : checkpointing;
    upgradeMode = upgradeMode == null ? UpgradeMode.SAVEPOINT : upgradeMode;
    suspend = suspend != null && suspend;
    resources = resources == null ? Resources.DEFAULT : resources;
    rollback = rollback == null ? Rollback.DEFAULT : rollback;
  }

  /** The Datasets the pipeline writes: its outputs and its quality rules' dead letters. */
  public List<String> writtenDatasets() {
    return Stream.concat(outputs.stream(),
        quality.stream().map(QualityRule::deadLetter).filter(Objects::nonNull)).distinct().toList();
  }

  /** Every Dataset the pipeline names, read or written. */
  public List<String> namedDatasets() {
    return Stream.concat(inputs.stream(), writtenDatasets().stream()).distinct().toList();
  }
}
