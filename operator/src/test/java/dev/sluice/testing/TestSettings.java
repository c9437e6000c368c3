package dev.sluice.testing;

import dev.sluice.operator.OperatorSettings;
import dev.sluice.reconciler.pipeline.PipelineSettings;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Operator settings for tests: the given namespaces, no HTTP port, local state storage. */
public final class TestSettings {

  public static final String RUNTIME_IMAGE = "sluice/runtime:test";
  public static final String STORAGE = "file:///tmp/sluice-test-state";
  /** Named, as file:// storage must be, though the in-JVM job manager stand-in mounts nothing. */
  public static final String VOLUME_CLAIM = "sluice-test-state";

  private TestSettings() {
  }

  public static OperatorSettings watching(Set<String> namespaces, boolean leaderElection, String operatorNamespace) {
    return new OperatorSettings(namespaces, operatorNamespace, leaderElection, 0,
        new PipelineSettings(RUNTIME_IMAGE, STORAGE, VOLUME_CLAIM, Duration.ofSeconds(2)), Optional.empty());
  }

  public static OperatorSettings watching(String... namespaces) {
    return watching(Set.of(namespaces), false, "default");
  }
}
