package dev.sluice.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.api.Manifests;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.slo.ServiceLevelObjective;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --status-file}: each Pipeline and ServiceLevelObjective as the operator would leave it, one
 * YAML document per resource with its apiVersion, kind, name and the status the operator writes.
 */
final class StatusFile {

  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build();

  private StatusFile() {
  }

  static void write(Path file, List<LocalPipeline> pipelines, List<ServiceLevelObjective> objectives)
      throws IOException {
    StringBuilder yaml = new StringBuilder();
    for (LocalPipeline local : pipelines) {
      append(yaml, new Pipeline(), local.name(), local.status());
    }
    for (ServiceLevelObjective objective : objectives) {
      append(yaml, objective, objective.getMetadata().getName(), objective.getStatus());
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, yaml);
  }

  /** @param kind a resource of the kind, for its apiVersion and kind */
  private static void append(StringBuilder yaml, HasMetadata kind, String name, Object status) throws IOException {
    ObjectNode document = YAML.createObjectNode();
    document.put("apiVersion", kind.getApiVersion());
    document.put("kind", kind.getKind());
    document.putObject("metadata").put("name", name);
    document.set("status", Manifests.yaml().valueToTree(status));
    yaml.append(yaml.isEmpty() ? "" : "---\n").append(YAML.writeValueAsString(document));
  }
}
