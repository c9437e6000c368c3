package dev.sluice.local;

import dev.sluice.flink.FlinkEndpoint;
import dev.sluice.flink.FlinkRestClient;
import dev.sluice.flink.FlinkRestException;
import dev.sluice.flink.TaskManagerSlots;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Pipeline's Flink cluster in this process, on loopback only, with one slot per task manager.
 * Its job rescales in place, as in pods, when {@link #follow} adds or removes task managers.
 *
 * <p>Pods run reactive mode, where the job takes every slot there is. Here the job runs under the
 * adaptive scheduler that reactive mode is built on, with its bound set to the task managers there
 * are: Flink refuses a bound in reactive mode, and without one a removed task manager would fail
 * the tasks on it, so the job would restart rather than rescale. Lowering the bound first lets the
 * job rescale down in place from its latest checkpoint, after which the task managers it no longer
 * uses are stopped; a raised bound and new task managers rescale it up in the same way.
 */
final class LocalCluster implements AutoCloseable {

  /** How long a task manager may take to register; in-process it takes well under a second. */
  private static final Duration REGISTRATION = Duration.ofSeconds(30);

  private final MiniCluster cluster;
  private final FlinkEndpoint endpoint;
  private final TaskManagerSlots slots = new TaskManagerSlots(FlinkRestClient.DEFAULT_TIMEOUT);
  /** The running task managers: MiniCluster's index (never reused) and Flink's id. */
  private final Map<Integer, String> taskManagers = new LinkedHashMap<>();
  private int started;
  private int limit = -1;

  private LocalCluster(MiniCluster cluster, FlinkEndpoint endpoint) {
    this.cluster = cluster;
    this.endpoint = endpoint;
  }

  /**
   * @param savepointDirectory where stop-with-savepoint writes: the REST API reads it from the
   *     cluster's configuration, not from the job's
   */
  static LocalCluster start(String pipeline, int taskManagers, String savepointDirectory) throws Exception {
    Configuration configuration = Configuration.fromMap(Map.ofEntries(
        Map.entry("execution.checkpointing.savepoint-dir", savepointDirectory),
        Map.entry("rest.bind-address", "127.0.0.1"),
        Map.entry("rest.address", "127.0.0.1"),
        Map.entry("rest.port", "0"),
        Map.entry("jobmanager.bind-host", "127.0.0.1"),
        Map.entry("taskmanager.bind-host", "127.0.0.1"),
        Map.entry("taskmanager.host", "127.0.0.1"),
        Map.entry("jobmanager.scheduler", "adaptive"),
        // A new or lowered bound takes effect at the next checkpoint rather than after Flink's
        // defaults of 30 s cooldown and 60 s of stable resources: the autoscaler already waited.
        Map.entry("jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling", "0 s"),
        Map.entry("jobmanager.adaptive-scheduler.executing.resource-stabilization-timeout", "1 s"),
        Map.entry("jobmanager.adaptive-scheduler.submission.resource-stabilization-timeout", "1 s")));
    MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
        .setConfiguration(configuration).setNumTaskManagers(0).setNumSlotsPerTaskManager(1).build());
    cluster.start();
    LocalCluster local = new LocalCluster(cluster, new FlinkEndpoint("local/" + pipeline,
        cluster.getRestAddress().get()));
    for (int i = 0; i < taskManagers; i++) {
      local.addTaskManager();
    }
    return local;
  }

  FlinkEndpoint endpoint() {
    return endpoint;
  }

  URI rest() {
    return endpoint.uri();
  }

  int taskManagers() {
    return taskManagers.size();
  }

  /**
   * Where the runtime submits this cluster's job: {@code StreamExecutionEnvironment
   * .getExecutionEnvironment()} of the runtime reads these settings, as in a pod it reads the
   * job manager's.
   */
  Configuration submission() {
    ContextEnvironment.install();
    Configuration configuration = new Configuration();
    configuration.set(DeploymentOptions.TARGET, "remote");
    configuration.set(RestOptions.ADDRESS, rest().getHost());
    configuration.set(RestOptions.PORT, rest().getPort());
    return configuration;
  }

  /**
   * One step towards {@code parallelism} task managers for the job: sets the job's bound, starts the
   * task managers missing, and stops those beyond it that run none of its tasks. Called again at
   * every look until {@link #taskManagers()} equals the parallelism.
   */
  void follow(String jobId, List<String> vertexIds, int parallelism) throws Exception {
    if (limit != parallelism) {
      slots.limit(endpoint, jobId, vertexIds, parallelism);
      limit = parallelism;
    }
    while (taskManagers.size() < parallelism) {
      addTaskManager();
    }
    if (taskManagers.size() > parallelism) {
      Set<String> busy = slots.running(endpoint, jobId, vertexIds);
      if (busy.size() > parallelism) {
        return;
      }
      for (Map.Entry<Integer, String> taskManager : List.copyOf(taskManagers.entrySet())) {
        if (taskManagers.size() > parallelism && !busy.contains(taskManager.getValue())) {
          cluster.terminateTaskManager(taskManager.getKey()).get();
          taskManagers.remove(taskManager.getKey());
        }
      }
    }
  }

  private void addTaskManager() throws Exception {
    Instant deadline = Instant.now().plus(REGISTRATION);
    Set<String> known = registered(deadline);
    cluster.startTaskManager();
    int index = started++;
    while (Instant.now().isBefore(deadline)) {
      Set<String> now = registered(deadline);
      now.removeAll(known);
      if (!now.isEmpty()) {
        taskManagers.put(index, now.iterator().next());
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("a new task manager did not register within " + REGISTRATION);
  }

  /** The task managers registered; asks again while the REST API answers that it is still starting. */
  private Set<String> registered(Instant deadline) throws InterruptedException {
    while (true) {
      try {
        return new HashSet<>(slots.taskManagers(endpoint));
      } catch (FlinkRestException e) {
        if (Instant.now().isAfter(deadline)) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }

  /**
   * Makes {@code StreamExecutionEnvironment.getExecutionEnvironment()} submit to the cluster that
   * the configuration it is given names, so that several local clusters share one entrypoint.
   */
  private static final class ContextEnvironment extends StreamExecutionEnvironment {

    static void install() {
      initializeContextEnvironment(StreamExecutionEnvironment::new);
    }
  }
}
