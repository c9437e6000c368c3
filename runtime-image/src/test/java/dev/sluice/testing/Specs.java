package dev.sluice.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.api.Manifests;
import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.api.pipeline.Checkpointing;
import dev.sluice.api.pipeline.PipelineSpec;

import java.io.UncheckedIOException;

/** Specs written as the YAML a user writes, for tests that need a Pipeline or Dataset of their own. */
public final class Specs {

  private Specs() {
  }

  public static DatasetSpec dataset(String yaml) {
    return read(yaml, DatasetSpec.class);
  }

  public static PipelineSpec pipeline(String yaml) {
    return read(yaml, PipelineSpec.class);
  }

  /** The same Pipeline checkpointing at another interval, so tests see committed output quickly. */
  public static PipelineSpec checkpointingEvery(PipelineSpec spec, String interval) {
    Checkpointing checkpointing = spec.checkpointing();
    return new PipelineSpec(spec.inputs(), spec.outputs(), spec.sql(), spec.quality(), spec.parallelism(),
        spec.autoscaler(), new Checkpointing(interval, checkpointing.mode(), checkpointing.timeout(), null),
        spec.upgradeMode(), spec.suspend(), spec.resources(), spec.rollback());
  }

  private static <T> T read(String yaml, Class<T> type) {
    try {
      return Manifests.yaml().readValue(yaml, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
