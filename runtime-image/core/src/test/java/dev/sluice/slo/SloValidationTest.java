package dev.sluice.slo;

import dev.sluice.api.Manifests;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.fixtures.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks for where no API server makes them agree with the CRD's rules: each objective of the
 * invalid corpus (which InvalidManifestsTest applies to a real API server) is refused naming the
 * same field and rule, and every example objective passes.
 */
class SloValidationTest {

  private static final String EXPECT = "# expect: ";

  static Stream<Path> invalidObjectives() throws IOException {
    Path corpus = Examples.directory().getParent().resolve("operator/src/test/resources/invalid");
    try (Stream<Path> files = Files.list(corpus)) {
      return files.filter(file -> file.getFileName().toString().startsWith("slo-")).sorted().toList().stream();
    }
  }

  @Test
  void theCorpusHasObjectives() throws IOException {
    assertTrue(invalidObjectives().count() >= 10);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidObjectives")
  void isRefusedNamingTheFieldAsTheApiServerDoes(Path file) throws IOException {
    String manifest = Files.readString(file);
    // The API server puts the value's type between field and rule; the rule's text is the same.
    String expected = manifest.lines().findFirst().orElseThrow().substring(EXPECT.length()).trim()
        .replace(": Invalid value: \"string\":", "");
    ServiceLevelObjective objective = (ServiceLevelObjective) Manifests.loadFile(file).get(0);

    List<String> problems = SloValidation.problems(objective.getSpec());

    assertTrue(problems.stream().anyMatch(problem -> problem.contains(expected)),
        file.getFileName() + ": expected '" + expected + "' in " + problems);
  }

  @Test
  void everyExampleObjectivePasses() {
    Examples.sets().forEach(set -> Manifests.loadDirectory(set).slos().forEach(objective ->
        assertEquals(List.of(), SloValidation.problems(objective.getSpec()), objective.getMetadata().getName())));
  }
}
