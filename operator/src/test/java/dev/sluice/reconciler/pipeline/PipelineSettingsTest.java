package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.fixtures.Specs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which storage and claim a Pipeline's state goes to: its own, or the operator's defaults. */
class PipelineSettingsTest {

  private static final PipelineSettings DEFAULTS = new PipelineSettings("sluice/runtime:1", "file:///state",
      "shared-state", Duration.ofSeconds(5));

  @Test
  void aPipelineWithItsOwnStorageKeepsItsOwnClaimAndNeverTheDefaultOne() {
    assertEquals(Optional.of(new StateStorage("s3://bucket/sluice", null)),
        DEFAULTS.storageFor(pipeline("storage: s3://bucket/sluice")));
    assertEquals(Optional.of(new StateStorage("file:///mine", "my-claim")),
        DEFAULTS.storageFor(pipeline("storage: file:///mine\n  volumeClaim: my-claim")));
    assertEquals(Optional.of(new StateStorage("file:///mine", null)),
        DEFAULTS.storageFor(pipeline("storage: file:///mine")), "refused at admission, not silently shared");
  }

  @Test
  void aPipelineWithoutStorageGetsTheDefaultWithTheDefaultClaimUnlessItNamesOne() {
    assertEquals(Optional.of(new StateStorage("file:///state", "shared-state")),
        DEFAULTS.storageFor(pipeline("interval: 10s")));
    assertEquals(Optional.of(new StateStorage("file:///state", "my-claim")),
        DEFAULTS.storageFor(pipeline("volumeClaim: my-claim")));
    assertEquals(Optional.empty(), new PipelineSettings("sluice/runtime:1", null, null, Duration.ofSeconds(5))
        .storageFor(pipeline("interval: 10s")));
  }

  private static Pipeline pipeline(String checkpointing) {
    Pipeline pipeline = new Pipeline();
    pipeline.setSpec(Specs.pipeline("""
        inputs: [clicks]
        outputs: [counts]
        sql: INSERT INTO counts SELECT * FROM clicks
        checkpointing:
          %s
        """.formatted(checkpointing)));
    return pipeline;
  }
}
