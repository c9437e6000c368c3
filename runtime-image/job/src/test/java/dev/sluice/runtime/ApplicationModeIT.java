package dev.sluice.runtime;

import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanBuilder;
import dev.sluice.plan.PlanJson;
import dev.sluice.fixtures.JobTestCluster;
import dev.sluice.fixtures.Specs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged job jar in Flink's standalone application mode, started the way the image starts
 * it: the entrypoint script as job manager and as task manager, each its own JVM, all on loopback.
 * The job manager runs the plan, serves Flink's REST API while it runs, and exits when it is done.
 */
class ApplicationModeIT {

  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path SCRIPT = MODULE.resolve("src/main/docker/docker-entrypoint.sh");

  @TempDir
  Path home;

  @Test
  void theEntrypointRunsThePlanAsAnApplicationCluster() throws Exception {
    int restPort = freePort();
    Path conf = Files.createDirectories(home.resolve("conf"));
    Files.writeString(conf.resolve("config.yaml"), String.join("\n",
        "jobmanager.rpc.address: 127.0.0.1", "jobmanager.bind-host: 127.0.0.1",
        "jobmanager.rpc.port: " + freePort(), "blob.server.port: " + freePort(),
        "rest.address: 127.0.0.1", "rest.bind-address: 127.0.0.1", "rest.port: " + restPort,
        "taskmanager.host: 127.0.0.1", "taskmanager.bind-host: 127.0.0.1", "taskmanager.rpc.port: 0",
        "taskmanager.numberOfTaskSlots: 2", "parallelism.default: 2",
        "jobmanager.memory.process.size: 768m", "taskmanager.memory.process.size: 1024m", ""));
    Path plan = home.resolve("plan.json");
    Files.writeString(plan, PlanJson.write(plan(home.resolve("out"))));

    Process jobManager = start("jobmanager", conf, plan);
    Process taskManager = start("taskmanager", conf, plan);
    try {
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
          .until(() -> get("http://127.0.0.1:" + restPort + "/jobs/overview").contains("sluice/test/application"));
      assertTrue(jobManager.waitFor(3, TimeUnit.MINUTES), "the application cluster ends with its job");
      assertEquals(0, jobManager.exitValue(), "job manager exit code; see " + home.resolve("jobmanager.log"));
      assertEquals(LongStream.rangeClosed(1, 1000).boxed().collect(Collectors.toSet()),
          ids(home.resolve("out")).stream().collect(Collectors.toSet()));
      assertEquals(1000, ids(home.resolve("out")).size());
    } finally {
      jobManager.destroyForcibly();
      taskManager.destroyForcibly();
    }
  }

  private Process start(String role, Path conf, Path plan) throws IOException {
    Path jar;
    try (Stream<Path> files = Files.list(MODULE.resolve("target"))) {
      jar = files.filter(file -> file.getFileName().toString().endsWith("-job.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no job jar in target/; run mvn package"));
    }
    ProcessBuilder process = new ProcessBuilder("bash", SCRIPT.toString(), role)
        .redirectErrorStream(true).redirectOutput(home.resolve(role + ".log").toFile());
    process.environment().putAll(Map.of("SLUICE_HOME", home.toString(), "SLUICE_JAR", jar.toString(),
        "FLINK_CONF_DIR", conf.toString(), "SLUICE_PLAN", plan.toString(),
        "LOG4J_CONFIG", MODULE.resolve("src/main/docker/log4j-console.properties").toString(),
        "FLINK_PLUGINS_DIR", home.resolve("plugins").toString()));
    return process.start();
  }

  private PipelinePlan plan(Path output) {
    return PlanBuilder.build("test", "application", Specs.pipeline("""
            inputs: [generated]
            outputs: [files]
            sql: INSERT INTO files SELECT id FROM generated
            checkpointing: {interval: 1s}
            """), Map.of("generated", Specs.dataset("""
            connector:
              datagen:
                rowsPerSecond: 200
                numberOfRows: 1000
                fields: {id: {kind: sequence, start: 1, end: 1000}}
            schema:
              columns: [{name: id, type: BIGINT, nullable: false}]
            """), "files", Specs.dataset("""
            connector:
              filesystem: {path: "%s"}
            format: csv
            schema:
              columns: [{name: id, type: BIGINT}]
            """.formatted(output.toUri()))), JobTestCluster.defaults(home.resolve("state"))).plan();
  }

  private static List<Long> ids(Path directory) throws IOException {
    List<Long> ids = new ArrayList<>();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
          .toList()) {
        Files.readAllLines(file).forEach(line -> ids.add(Long.parseLong(line)));
      }
    }
    return ids;
  }

  private static String get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
