package dev.sluice.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.api.Manifests;
import dev.sluice.api.pipeline.Pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --status-file}: each Pipeline as the operator would leave it, one YAML document per
 * Pipeline with its apiVersion, kind, name and the status the operator writes.
 */
final class StatusFile {

  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build();

  private StatusFile() {
  }

  static void write(Path file, List<LocalPipeline> pipelines) throws IOException {
    StringBuilder yaml = new StringBuilder();
    for (LocalPipeline local : pipelines) {
      ObjectNode document = YAML.createObjectNode();
      document.put("apiVersion", new Pipeline().getApiVersion());
      document.put("kind", new Pipeline().getKind());
      document.putObject("metadata").put("name", local.name());
      document.set("status", Manifests.yaml().valueToTree(local.status()));
      yaml.append(yaml.isEmpty() ? "" : "---\n").append(YAML.writeValueAsString(document));
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, yaml);
  }
}
