package dev.sluice.benchmark;

import dev.sluice.testing.TestPaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator in a JVM of its own, with its image's JVM options and capped as its pod would be
 * (2 processors, a fixed heap), so that its heap and CPU are its own. Its requests carry the
 * User-Agent {@link #USER_AGENT}.
 */
final class OperatorProcess implements AutoCloseable {

  static final String USER_AGENT = "sluice-operator";
  static final String RUNTIME_IMAGE = "sluice/runtime:benchmark";
  static final String STORAGE = "file:///tmp/sluice-benchmark-state";
  static final String VOLUME_CLAIM = "sluice-benchmark-state";
  static final String MAX_HEAP = "1g";
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  private final Process process;
  private final Path log;

  private OperatorProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts the operator watching one namespace and returns once its informers have synced.
   *
   * @param jvmOptions more JVM options, such as a flight recording
   */
  static OperatorProcess start(Path kubeconfig, String namespace, Path log, List<String> jvmOptions)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(javaTool("java"), "@" + TestPaths.operatorJvmOptions(),
        "-XX:ActiveProcessorCount=2", "-Xmx" + MAX_HEAP));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), OperatorWithoutJobManagers.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(Map.of(
        "KUBECONFIG", kubeconfig.toString(),
        "SLUICE_WATCH_NAMESPACES", namespace,
        "SLUICE_LEADER_ELECTION", "false",
        "SLUICE_RUNTIME_IMAGE", RUNTIME_IMAGE,
        "SLUICE_DEFAULT_STORAGE", STORAGE, "SLUICE_DEFAULT_VOLUME_CLAIM", VOLUME_CLAIM));
    OperatorProcess operator = new OperatorProcess(builder.start(), log);
    operator.awaitReady();
    return operator;
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!Files.readString(log).contains(OperatorWithoutJobManagers.READY)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the operator did not start; see " + log);
      }
      Thread.sleep(200);
    }
  }

  /** CPU time the process has used, user and system. */
  Duration cpu() {
    return process.info().totalCpuDuration().orElseThrow();
  }

  /** Bytes of live objects: jcmd's class histogram runs a full GC first. */
  long liveHeapBytes() throws IOException, InterruptedException {
    Process jcmd = new ProcessBuilder(javaTool("jcmd"), Long.toString(process.pid()), "GC.class_histogram")
        .redirectErrorStream(true).start();
    List<String> lines = new String(jcmd.getInputStream().readAllBytes()).lines().toList();
    jcmd.waitFor(1, TimeUnit.MINUTES);
    String total = lines.stream().filter(line -> line.startsWith("Total")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no class histogram from jcmd: " + lines));
    String[] fields = total.trim().split("\\s+");
    return Long.parseLong(fields[2]);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private static String javaTool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }
}
