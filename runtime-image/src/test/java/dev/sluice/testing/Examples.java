package dev.sluice.testing;

import dev.sluice.api.ManifestSet;
import dev.sluice.api.Manifests;
import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.plan.PlanBuilder;
import dev.sluice.plan.PlanDefaults;
import dev.sluice.plan.PlanResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The manifests under examples/ of the repository, and their plans. */
public final class Examples {

  public static final PlanDefaults DEFAULTS = PlanDefaults.forStorage("s3://sluice-state");

  private Examples() {
  }

  public static Path directory() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
    }
    return dir.resolve("examples");
  }

  /** The example sets, one directory each. */
  public static Stream<Path> sets() {
    try (Stream<Path> dirs = Files.list(directory())) {
      return dirs.filter(Files::isDirectory).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ManifestSet load(String set) {
    return Manifests.loadDirectory(directory().resolve(set));
  }

  public static Map<String, DatasetSpec> datasets(ManifestSet manifests) {
    return manifests.datasets().stream()
        .collect(Collectors.toMap(d -> d.getMetadata().getName(), Dataset::getSpec));
  }

  /** The plan of one Pipeline of an example set, in namespace "shop". */
  public static PlanResult plan(ManifestSet manifests, Pipeline pipeline, PlanDefaults defaults) {
    return PlanBuilder.build("shop", pipeline.getMetadata().getName(), pipeline.getSpec(), datasets(manifests),
        defaults);
  }

  public static PlanResult plan(String set) {
    ManifestSet manifests = load(set);
    return plan(manifests, manifests.pipelines().get(0), DEFAULTS);
  }
}
