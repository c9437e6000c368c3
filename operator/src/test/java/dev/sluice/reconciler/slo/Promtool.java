package dev.sluice.reconciler.slo;

import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prometheus's own rule checker and rule unit tester, from Debian's prometheus package (.ci/run installs it). */
final class Promtool {

  private Promtool() {
  }

  /** Writes {@code groups} as a rule file in {@code dir}. */
  static Path ruleFile(Path dir, String name, List<Map<String, Object>> groups) throws IOException {
    Path file = dir.resolve(name + ".rules.yaml");
    Files.writeString(file, Serialization.asYaml(Map.of("groups", groups)));
    return file;
  }

  /** Runs promtool with {@code args} in {@code dir}; fails the test unless it succeeds, and returns its output. */
  static String run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool " + String.join(" ", args) + " timed out");
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), "promtool " + String.join(" ", args) + ":\n" + output);
    return output;
  }
}
