package dev.sluice.lineage;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sluice.api.pipeline.CheckpointStatus;
import io.openlineage.client.OpenLineage;

import java.net.URI;
import java.util.Map;

/** Run facet {@code sluice_checkpoints}: the job's checkpoint figures, as its Pipeline's status shows them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
final class CheckpointsRunFacet implements OpenLineage.RunFacet {

  static final String NAME = "sluice_checkpoints";
  static final URI SCHEMA = URI.create(LineageEvents.FACETS_URL + "SluiceCheckpointsRunFacet.json"
      + "#/$defs/SluiceCheckpointsRunFacet");

  private final URI producer;
  private final CheckpointStatus checkpoints;

  CheckpointsRunFacet(URI producer, CheckpointStatus checkpoints) {
    this.producer = producer;
    this.checkpoints = checkpoints;
  }

  @Override
  @JsonProperty("_producer")
  public URI get_producer() {
    return producer;
  }

  @Override
  @JsonProperty("_schemaURL")
  public URI get_schemaURL() {
    return SCHEMA;
  }

  @JsonProperty("completed")
  public Long completed() {
    return checkpoints.getCompleted();
  }

  @JsonProperty("failuresInARow")
  public Integer failuresInARow() {
    return checkpoints.getFailuresInARow();
  }

  @JsonProperty("lastCompletedTime")
  public String lastCompletedTime() {
    return checkpoints.getLastCompletedTime();
  }

  @JsonProperty("lastDurationMillis")
  public Long lastDurationMillis() {
    return checkpoints.getLastDurationMillis();
  }

  @JsonProperty("lastSizeBytes")
  public Long lastSizeBytes() {
    return checkpoints.getLastSizeBytes();
  }

  @Override
  @JsonAnyGetter
  public Map<String, Object> getAdditionalProperties() {
    return Map.of();
  }
}
