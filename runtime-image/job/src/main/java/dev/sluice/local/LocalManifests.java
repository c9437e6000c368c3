package dev.sluice.local;

import dev.sluice.api.ManifestException;
import dev.sluice.api.ManifestSet;
import dev.sluice.api.Manifests;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.api.slo.TargetRef;
import dev.sluice.slo.SloValidation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The manifests of a directory for {@code sluice run}: every file is read on its own, so that one
 * that is invalid is reported (with its file, resource and field) and the others still run. A
 * ServiceLevelObjective is checked as the API server would, and its target must be declared in the
 * directory, since nothing else runs here. The directory's {@code .sluice} state is not read.
 *
 * @param resources the valid resources
 * @param files the file each resource came from, by kind/name
 * @param invalid how many files or objectives were reported invalid
 */
record LocalManifests(ManifestSet resources, Map<String, Path> files, int invalid) {

  private static final Pattern DOCUMENT = Pattern.compile("\\(document (\\d+)\\)");

  static LocalManifests load(Path directory, PrintStream out) {
    List<HasMetadata> resources = new ArrayList<>();
    Map<String, Path> files = new HashMap<>();
    int invalid = 0;
    for (Path file : yamlFiles(directory)) {
      try {
        for (HasMetadata resource : Manifests.loadFile(file)) {
          resources.add(resource);
          files.put(key(resource.getKind(), resource.getMetadata().getName()), directory.relativize(file));
        }
      } catch (ManifestException e) {
        invalid++;
        out.println("Invalid manifest, not run: " + described(directory, file, e.getMessage()));
      }
    }
    ManifestSet read = ManifestSet.of(resources);
    List<ServiceLevelObjective> objectives = new ArrayList<>();
    for (ServiceLevelObjective objective : read.slos()) {
      List<String> problems = problems(objective, read);
      if (problems.isEmpty()) {
        objectives.add(objective);
      } else {
        invalid++;
        String name = objective.getMetadata().getName();
        out.println("Invalid manifest, not run: " + files.get(key(objective.getKind(), name)) + " "
            + key(objective.getKind(), name) + ": " + String.join("; ", problems));
      }
    }
    return new LocalManifests(new ManifestSet(read.datasets(), read.pipelines(), objectives), files, invalid);
  }

  private static List<String> problems(ServiceLevelObjective objective, ManifestSet read) {
    List<String> problems = SloValidation.problems(objective.getSpec());
    if (!problems.isEmpty()) {
      return problems;
    }
    TargetRef target = objective.getSpec().target();
    boolean declared = "Pipeline".equals(target.kind())
        ? read.pipelines().stream().anyMatch(pipeline -> pipeline.getMetadata().getName().equals(target.name()))
        : read.dataset(target.name()).isPresent();
    return declared ? List.of() : List.of("spec.target: " + target.kind() + " " + target.name()
        + " is not declared in this directory; add its manifest or correct spec.target.name");
  }

  /** The error with the file relative to the directory and the resource the failing document declares. */
  private static String described(Path directory, Path file, String message) {
    String relative = message.replace(file.toString(), directory.relativize(file).toString());
    Matcher document = DOCUMENT.matcher(message);
    if (!document.find()) {
      return relative;
    }
    try (MappingIterator<JsonNode> documents = Manifests.yaml().readerFor(JsonNode.class).readValues(file.toFile())) {
      int index = 0;
      while (documents.hasNext()) {
        JsonNode node = documents.next();
        if (++index == Integer.parseInt(document.group(1))) {
          return relative.replace(document.group(), document.group() + " " + node.path("kind").asText("?") + "/"
              + node.path("metadata").path("name").asText("?"));
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // The message as Manifests gave it names the file and field already.
    }
    return relative;
  }

  static String key(String kind, String name) {
    return kind + "/" + name;
  }

  /** The file a resource came from, relative to the directory, for messages. */
  String file(String kind, String name) {
    Path file = files.get(key(kind, name));
    return file == null ? "?" : file.toString();
  }

  private static List<Path> yamlFiles(Path directory) {
    Path state = directory.resolve(SluiceDirectory.NAME);
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(file -> !file.startsWith(state) && Files.isRegularFile(file))
          .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list manifests in " + directory, e);
    }
  }
}
