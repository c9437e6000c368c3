package dev.sluice.api;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, found from the module directory Maven runs tests in. */
public final class RepoRoot {

  private RepoRoot() {
  }

  public static Path path() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("No mvnw above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  public static Path examples() {
    return path().resolve("examples");
  }
}
