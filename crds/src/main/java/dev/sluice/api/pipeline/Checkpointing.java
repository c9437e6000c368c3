package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.sluice.api.common.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "!has(self.volumeClaim) || !has(self.storage) || self.storage.startsWith('file:///')",
    message = "spec.checkpointing.volumeClaim holds file:// storage only: set spec.checkpointing.storage to a "
        + "file:/// URI, or remove the claim", reason = "FieldValueInvalid", fieldPath = ".volumeClaim")
@ValidationRule(
    value = "!self.interval.matches('" + Durations.GO_DURATION_CEL_REGEX + "') "
        + "|| duration(self.interval) >= duration('100ms')",
    message = "spec.checkpointing.interval must be at least 100ms", reason = "FieldValueInvalid",
    fieldPath = ".interval")
public record Checkpointing(
    @Default("30s")
    @ValidationRule(value = Durations.CEL_IS_DURATION, message = Durations.NOT_A_DURATION)
    @JsonPropertyDescription("Time between checkpoints. Output becomes visible to read_committed consumers "
        + "at each checkpoint, so this bounds end-to-end latency in exactly-once mode.")
    String interval,

    @Default("exactly-once")
    @JsonPropertyDescription("exactly-once (Kafka sinks write transactions) or at-least-once.")
    Mode mode,

    @Default("10m")
    @ValidationRule(value = Durations.CEL_IS_DURATION, message = Durations.NOT_A_DURATION)
    @ValidationRule(value = Durations.CEL_IS_POSITIVE, message = Durations.NOT_POSITIVE)
    @JsonPropertyDescription("A checkpoint that takes longer than this is abandoned and counts as failed.")
    String timeout,

    @Size(max = 2048)
    @ValidationRule(value = "self.matches('^(s3|s3p|file)://')", message = "must be a URI the runtime image can "
        + "write: s3:// or s3p:// (the s3-fs-presto plugin) or file:// (a volume every Flink pod mounts)")
    @JsonPropertyDescription("URI under which checkpoints and savepoints are stored, such as s3://bucket/sluice. "
        + "Defaults to the operator's configured storage.")
    String storage,

    @Size(max = 253)
    @JsonPropertyDescription("A PersistentVolumeClaim that holds file:// storage: it is mounted at the storage's "
        + "path in the job manager and every task manager, which must all read what the others wrote. "
        + "ReadWriteMany, or ReadWriteOnce when all the pods run on one node.")
    String volumeClaim,

    @Size(max = 2048)
    @ValidationRule(value = "self.matches('^(s3|s3p|file):')", message = "must be the URI of a savepoint or "
        + "retained checkpoint, such as the one a deleted Pipeline's SavepointTaken event names")
    @JsonPropertyDescription("A savepoint or retained checkpoint the job starts from at its first deployment, "
        + "such as the one a deleted Pipeline's SavepointTaken event names. Read once: later upgrades and "
        + "resumes restore from the Pipeline's own savepoints, and changing it afterwards has no effect.")
    String restoreFrom,

    @JsonPropertyDescription("How the pods reach S3-compatible storage: endpoint, path-style access and a Secret "
        + "with the access key pair. For s3:// and s3p:// storage only.")
    S3Access s3) {

  public static final Checkpointing DEFAULT = new Checkpointing(null, null, null, null, null, null, null);

  public Checkpointing {
    interval = interval == null ? "30s" : interval;
    mode = mode == null ? Mode.EXACTLY_ONCE : mode;
    timeout = timeout == null ? "10m" : timeout;
  }

  public enum Mode {
    @JsonProperty("exactly-once") EXACTLY_ONCE,
    @JsonProperty("at-least-once") AT_LEAST_ONCE
  }
}
