package dev.sluice.testing;

import dev.sluice.local.LocalMetrics;
import dev.sluice.plan.PlanDefaults;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A Flink MiniCluster for one test class: every address on loopback, metrics reported to
 * {@link LocalMetrics}, and plan defaults that suit it (heap state, quick restarts, no Prometheus
 * port on all interfaces).
 */
public final class FlinkTestCluster {

  private FlinkTestCluster() {
  }

  /** A cluster of task managers with a number of slots each; register it with {@code @RegisterExtension}. */
  public static MiniClusterExtension extension(int taskManagers, int slotsPerTaskManager) {
    Configuration configuration = Configuration.fromMap(Map.of(
        "rest.bind-address", "127.0.0.1",
        "rest.address", "127.0.0.1",
        "jobmanager.bind-host", "127.0.0.1",
        "taskmanager.bind-host", "127.0.0.1",
        "taskmanager.host", "127.0.0.1",
        "metrics.reporter.sluice.factory.class", LocalMetrics.Factory.class.getName(),
        "metrics.reporter.sluice.interval", "1 s"));
    return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
        .setNumberTaskManagers(taskManagers)
        .setNumberSlotsPerTaskManager(slotsPerTaskManager)
        .setConfiguration(configuration)
        .build());
  }

  /** Plan defaults for tests: state under a local directory, heap state, quick bounded restarts. */
  public static PlanDefaults defaults(Path stateDirectory) {
    return PlanDefaults.forStorage(stateDirectory.toUri().toString())
        .withStateBackend("hashmap")
        .withoutPrometheus()
        .withRestarts(20, Duration.ofMillis(200), Duration.ofSeconds(1));
  }

  /** Configuration overrides that set a job's parallelism. */
  public static Configuration parallelism(int parallelism) {
    return Configuration.fromMap(Map.of("parallelism.default", Integer.toString(parallelism)));
  }
}
