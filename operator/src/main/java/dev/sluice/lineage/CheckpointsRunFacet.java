package dev.sluice.lineage;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.sluice.api.pipeline.CheckpointStatus;
import io.openlineage.client.OpenLineage;

/**
 * Run facet {@code sluice_checkpoints}: the job's checkpoint figures, as its Pipeline's status
 * shows them. The facet's schema admits no other field, so a figure added to the status fails the
 * schema test until the schema describes it.
 */
final class CheckpointsRunFacet extends SluiceFacet implements OpenLineage.RunFacet {

  static final String NAME = "sluice_checkpoints";

  private final CheckpointStatus checkpoints;

  CheckpointsRunFacet(CheckpointStatus checkpoints) {
    super("SluiceCheckpointsRunFacet");
    this.checkpoints = checkpoints;
  }

  @JsonUnwrapped
  public CheckpointStatus checkpoints() {
    return checkpoints;
  }
}
