package dev.sluice.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.slo.ServiceLevelObjective;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads Sluice manifests from YAML files without an API server, for local mode and tests. It is
 * stricter than the API server: an unknown field is an error that names the file and the field,
 * because in local mode nothing else would catch the typo.
 */
public final class Manifests {

  private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
      HasMetadata.getKind(Dataset.class), Dataset.class,
      HasMetadata.getKind(Pipeline.class), Pipeline.class,
      HasMetadata.getKind(ServiceLevelObjective.class), ServiceLevelObjective.class);

  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private Manifests() {
  }

  /** The mapper that reads and writes manifests as YAML. */
  public static ObjectMapper yaml() {
    return YAML;
  }

  /** Every Sluice resource in the .yaml and .yml files directly in, or below, a directory. */
  public static ManifestSet loadDirectory(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      List<HasMetadata> resources = new ArrayList<>();
      files.filter(Manifests::isYaml).sorted().forEach(file -> resources.addAll(loadFile(file)));
      return ManifestSet.of(resources);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list manifests in " + directory, e);
    }
  }

  /** Every Sluice resource in one multi-document YAML file. */
  public static List<HasMetadata> loadFile(Path file) {
    List<HasMetadata> resources = new ArrayList<>();
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      int index = 0;
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        index++;
        if (document == null || document.isNull() || document.isEmpty()) {
          continue;
        }
        resources.add(toResource(document, file + " (document " + index + ")"));
      }
    } catch (IOException e) {
      throw new ManifestException(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    return resources;
  }

  private static HasMetadata toResource(JsonNode document, String where) {
    String kind = document.path("kind").asText();
    Class<? extends HasMetadata> type = KINDS.get(kind);
    if (type == null) {
      throw new ManifestException(where + ": kind '" + kind + "' is not a Sluice resource; expected one of "
          + KINDS.keySet().stream().sorted().toList());
    }
    try {
      return YAML.treeToValue(document, type);
    } catch (UnrecognizedPropertyException e) {
      throw new ManifestException(where + ": unknown field '" + e.getPropertyName() + "' at "
          + ManifestException.path(e) + "; known fields there: " + e.getKnownPropertyIds(), e);
    } catch (JsonProcessingException e) {
      throw new ManifestException(where + ": invalid " + kind + " at " + ManifestException.path(e) + ": "
          + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }
}
