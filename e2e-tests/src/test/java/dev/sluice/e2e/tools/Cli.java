package dev.sluice.e2e.tools;

import dev.sluice.e2e.cluster.KubeCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real kubectl and Helm, as a user runs them, against the test's cluster. Both come from the
 * repository's scripts, which build them from Go modules once and then print their paths.
 */
public final class Cli {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final Path kubectl;
  private final Path helm;
  private final Path kubeconfig;

  private Cli(Path kubectl, Path helm, Path kubeconfig) {
    this.kubectl = kubectl;
    this.helm = helm;
    this.kubeconfig = kubeconfig;
  }

  public static Cli forCluster(KubeCluster cluster) {
    Path kubectlDir =
        Path.of(
            tool("hack/kube-test-binaries.sh", "KUBE_VERSION", System.getProperty("sluice.kube.version")));
    Path helm = Path.of(tool("hack/helm.sh", "HELM_VERSION", System.getProperty("sluice.helm.version")));
    return new Cli(kubectlDir.resolve("kubectl"), helm, cluster.kubeconfig());
  }

  /** The repository's root: e2e-tests' parent. */
  public static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("hack/images.sh"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("not inside the Sluice repository: " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /** Runs kubectl and returns its standard output; fails the test when it exits non-zero. */
  public String kubectl(String... args) {
    return run(kubectlCommand(List.of(args)));
  }

  /**
   * Asks {@code kubectl auth can-i} whether that user may do something, such as {@code create
   * deployments -n team-a}: true for its yes (exit 0), false for its no (exit 1).
   */
  public boolean canI(String user, String... question) {
    List<String> args = new ArrayList<>(List.of("auth", "can-i", "--as", user));
    args.addAll(List.of(question));
    List<String> command = kubectlCommand(args);
    Finished answer = execute(new ProcessBuilder(command).directory(repoRoot().toFile()), command);
    if (answer.exit() > 1) {
      throw answer.failure();
    }
    return answer.exit() == 0;
  }

  /** Runs Helm and returns its standard output; fails the test when it exits non-zero. */
  public String helm(String... args) {
    List<String> command = new ArrayList<>(List.of(helm.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return run(command);
  }

  private List<String> kubectlCommand(List<String> args) {
    List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(args);
    return command;
  }

  private static String tool(String script, String versionVariable, String version) {
    if (version == null) {
      throw new IllegalStateException("system property for " + versionVariable + " not set: run through Maven (-Pe2e)");
    }
    List<String> command = List.of("bash", repoRoot().resolve(script).toString());
    ProcessBuilder builder = new ProcessBuilder(command).directory(repoRoot().toFile());
    builder.environment().put(versionVariable, version);
    return run(builder, command).strip();
  }

  private static String run(List<String> command) {
    return run(new ProcessBuilder(command).directory(repoRoot().toFile()), command);
  }

  private static String run(ProcessBuilder builder, List<String> command) {
    Finished finished = execute(builder, command);
    if (finished.exit() != 0) {
      throw finished.failure();
    }
    return finished.stdout();
  }

  private record Finished(List<String> command, int exit, String stdout, String stderr) {
    AssertionError failure() {
      return new AssertionError(String.join(" ", command) + " exited with " + exit + ":\n" + stdout + stderr);
    }
  }

  private static Finished execute(ProcessBuilder builder, List<String> command) {
    try {
      Path err = Files.createTempFile("sluice-e2e-cli", ".err");
      try {
        Process process = builder.redirectError(err.toFile()).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("timed out after " + TIMEOUT + ": " + String.join(" ", command));
        }
        return new Finished(command, process.exitValue(), new String(out, StandardCharsets.UTF_8),
            Files.readString(err));
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
