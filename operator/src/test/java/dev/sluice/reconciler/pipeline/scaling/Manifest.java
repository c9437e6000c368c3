package dev.sluice.reconciler.pipeline.scaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.api.Manifests;

/** Resources for tests that need no API server, read from YAML as a user writes them. */
final class Manifest {

  private Manifest() {
  }

  static <T> T read(Class<T> type, String yaml) {
    try {
      return Manifests.yaml().readValue(yaml, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + yaml, e);
    }
  }
}
