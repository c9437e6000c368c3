package dev.sluice.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record KafkaConnector(
    @Required
    @Pattern("^[a-zA-Z0-9._-]{1,249}$")
    @JsonPropertyDescription("The topic name.")
    String topic,

    @Required
    @Size(min = 1, max = 2048)
    @JsonPropertyDescription("Comma-separated host:port list of brokers.")
    String bootstrapServers,

    @Default("1")
    @Min(1)
    @Max(10000)
    @JsonPropertyDescription("Partitions the topic has. The operator checks it and the autoscaler never "
        + "runs more source subtasks than this.")
    Integer partitions,

    @Default("group-offsets")
    @JsonPropertyDescription("Where a new consumer group starts reading.")
    StartupMode startupMode,

    @JsonPropertyDescription("Consumer group id for sources. Defaults to sluice-<namespace>-<pipeline>.")
    String groupId,

    @JsonPropertyDescription("Extra Kafka client properties (without the 'properties.' prefix). "
        + "Never put credentials here: use credentials.")
    Map<String, String> properties,

    @JsonPropertyDescription("SASL credentials read from a Secret in the Dataset's namespace.")
    KafkaCredentials credentials,

    @Default("false")
    @JsonPropertyDescription("In local mode (sluice run), serve this topic from an embedded broker "
        + "instead of bootstrapServers.")
    Boolean local) {

  public KafkaConnector {
    partitions = partitions == null ? 1 : partitions;
    startupMode = startupMode == null ? StartupMode.GROUP_OFFSETS : startupMode;
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    local = local != null && local;
  }
}
