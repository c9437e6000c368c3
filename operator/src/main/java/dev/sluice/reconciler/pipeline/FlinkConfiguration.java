package dev.sluice.reconciler.pipeline;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.Resources;
import dev.sluice.autoscaler.RescaleCheckpoint;
import dev.sluice.plan.PlanDefaults;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Flink configuration of a Pipeline's cluster: the job's own settings from the plan
 * (checkpoints, state, restarts, metrics) plus what running on Kubernetes needs: ports, memory,
 * slots, Kubernetes HA and reactive scheduling.
 */
public final class FlinkConfiguration {

  public static final int RPC_PORT = 6123;
  public static final int BLOB_PORT = 6124;
  public static final int REST_PORT = 8081;
  public static final int TASK_MANAGER_RPC_PORT = 6122;
  public static final int METRICS_PORT = PlanDefaults.PROMETHEUS_PORT;
  /** The name of that port in the pods, which the chart's PodMonitor scrapes. */
  public static final String METRICS_PORT_NAME = "metrics";
  /** Where a new job restores its state from; Kubernetes HA's latest checkpoint takes precedence. */
  public static final String RESTORE_PATH = "execution.state-recovery.path";
  static final String RESCALE_AFTER_NEW_SLOTS = "jobmanager.adaptive-scheduler.executing.resource-stabilization-timeout";
  static final String NO_RESCALE_AFTER_RESTART = "jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling";
  static final String SHUTDOWN_WHEN_THE_JOB_ENDS = "execution.shutdown-on-application-finish";

  private static final Pattern QUANTITY = Pattern.compile("([0-9]+)(Ki|Mi|Gi|Ti|k|M|G|T)?");

  private FlinkConfiguration() {
  }

  /** Keys and values, sorted so that the rendered file is stable. */
  public static Map<String, String> of(ClusterInputs inputs, String storage) {
    Pipeline pipeline = inputs.pipeline();
    ClusterNames names = ClusterNames.of(pipeline);
    Resources resources = pipeline.getSpec().resources();
    String namespace = pipeline.getMetadata().getNamespace();
    Map<String, String> config = new TreeMap<>(inputs.plan().flinkConfig());
    config.put("jobmanager.rpc.address", names.jobManager() + "." + namespace);
    config.put("jobmanager.rpc.port", String.valueOf(RPC_PORT));
    config.put("blob.server.port", String.valueOf(BLOB_PORT));
    config.put("rest.port", String.valueOf(REST_PORT));
    config.put("taskmanager.rpc.port", String.valueOf(TASK_MANAGER_RPC_PORT));
    config.put("taskmanager.numberOfTaskSlots", String.valueOf(resources.taskManager().slots()));
    config.put("parallelism.default", String.valueOf(inputs.plan().parallelism()));
    config.put("jobmanager.memory.process.size", flinkMemory(resources.jobManager().memory()));
    config.put("taskmanager.memory.process.size", flinkMemory(resources.taskManager().memory()));
    // Reactive mode: the job uses every slot there is, so scaling is a change of replicas.
    config.put("scheduler-mode", "reactive");
    // Reactive mode wants max-parallelism slots, never there, so Flink waits this long after new
    // task managers join before it rescales; its default, a minute, came on top of each scale-up
    // in pods (docs/e2e.md). The operator adds a rescale's pods at once; they join seconds apart.
    // Both waits are set here because the operator's request for a rescale's checkpoint counts them.
    config.put(RESCALE_AFTER_NEW_SLOTS, RescaleCheckpoint.STABILIZATION.toSeconds() + "s");
    config.put(NO_RESCALE_AFTER_RESTART, RescaleCheckpoint.COOLDOWN.toSeconds() + "s");
    // The job manager outlives its job: after a stop with a savepoint it still answers where the
    // savepoint went (an operator that took over mid-upgrade asks then), and it does not restart
    // and run the stopped job again before the operator scales it down.
    config.put(SHUTDOWN_WHEN_THE_JOB_ENDS, "false");
    config.put("high-availability.type", "kubernetes");
    config.put("high-availability.storageDir", storage + "/ha/" + namespace + "/" + pipeline.getMetadata().getName());
    config.put("kubernetes.cluster-id", names.clusterId());
    config.put("kubernetes.namespace", namespace);
    if (inputs.restorePath() != null) {
      config.put(RESTORE_PATH, inputs.restorePath());
    }
    return config;
  }

  /** Renders the configuration as Flink's config.yaml: one flat key per line. */
  public static String render(Map<String, String> config) {
    StringBuilder yaml = new StringBuilder();
    config.forEach((key, value) -> yaml.append(key).append(": ").append(quote(value)).append('\n'));
    return yaml.toString();
  }

  /** One setting of a file {@link #render} wrote. */
  public static Optional<String> setting(String rendered, String key) {
    String prefix = key + ": ";
    return rendered.lines().filter(line -> line.startsWith(prefix))
        .map(line -> unquote(line.substring(prefix.length()))).findFirst();
  }

  private static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static String unquote(String quoted) {
    return quoted.substring(1, quoted.length() - 1).replace("''", "'");
  }

  /** Converts a Kubernetes memory quantity (1Gi, 1536Mi) to Flink's memory syntax (binary units). */
  static String flinkMemory(String quantity) {
    Matcher matcher = QUANTITY.matcher(quantity);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("'" + quantity + "' is not a memory quantity such as 2Gi");
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "" : matcher.group(2);
    return switch (unit) {
      case "Ki" -> amount + "k";
      case "Mi" -> amount + "m";
      case "Gi" -> amount + "g";
      case "Ti" -> amount + "t";
      case "k" -> amount * 1_000 + "b";
      case "M" -> amount * 1_000_000 + "b";
      case "G" -> amount * 1_000_000_000 + "b";
      case "T" -> amount * 1_000_000_000_000L + "b";
      default -> amount + "b";
    };
  }
}
