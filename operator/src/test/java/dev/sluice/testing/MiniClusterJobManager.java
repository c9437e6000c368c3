package dev.sluice.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.flink.FlinkEndpoint;
import dev.sluice.flink.FlinkRestClient;
import dev.sluice.flink.FlinkTestCluster;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanJson;
import dev.sluice.reconciler.pipeline.ClusterNames;
import dev.sluice.reconciler.pipeline.FlinkCluster;
import dev.sluice.reconciler.pipeline.FlinkConfiguration;
import dev.sluice.runtime.SluiceJob;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the job manager pod of each Pipeline in a namespace, with a real Flink MiniCluster: when
 * the operator's job manager Deployment is scaled up with a plan, it runs that plan with the
 * runtime's own {@link SluiceJob}, as the pod's entrypoint would, restoring from the
 * configuration's {@code execution.state-recovery.path}; when the Deployment is scaled to zero or
 * its pod template names a new plan or a new state to restore, the old job is cancelled if it
 * still runs, as a deleted pod's would be, and a template change starts the new one.
 * There is no kubelet here; the Flink jobs are real.
 *
 * <p>In pods, the job runs in reactive mode: when the task manager Deployment's replicas change,
 * the job rescales in place to use every slot, replicas times slots per task manager. A
 * MiniCluster has a fixed set of task managers, so the stand-in reproduces that effect with the
 * adaptive scheduler (the cluster must run it: {@link dev.sluice.flink.FlinkTestCluster#withAdaptiveScheduler})
 * and its REST call {@code PUT /jobs/:jobid/resource-requirements}, which sets every vertex's
 * upper bound to the new replicas times slots; Flink then rescales the running job in place, as
 * reactive mode would on new or removed task managers.
 *
 * <p>A job that is killed this way has not ended for Flink's Kubernetes HA services: in pods, its
 * ConfigMaps keep the pointer to its latest completed checkpoint, and the next job manager of the
 * same cluster id restores from it, ahead of any configured recovery path. That is what a
 * last-state upgrade relies on. The stand-in does the same: it asks the MiniCluster for the killed
 * job's latest completed checkpoint (checkpoints are retained on cancellation) and starts the next
 * job from it. A job that ended on its own, such as one stopped with a savepoint, leaves
 * no pointer, as Flink cleans up the HA data of a finished job.
 */
public final class MiniClusterJobManager implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MiniClusterJobManager.class);
  private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final String namespace;
  private final FlinkTestCluster flinkCluster;
  private final URI rest;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FlinkRestClient flink = new FlinkRestClient();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Map<String, Submitted> submitted = new ConcurrentHashMap<>();
  private final Map<String, Long> starts = new ConcurrentHashMap<>();
  /** The latest checkpoint of each pipeline's killed job, as Kubernetes HA keeps it. */
  private final Map<String, String> haCheckpoints = new ConcurrentHashMap<>();
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();

  /**
   * A job started for a pod template (its plan and restore annotations), with the slots per task
   * manager and the parallelism it has been given.
   */
  private record Submitted(String template, String jobId, int slots, int parallelism) {

    Submitted rescaled(int to) {
      return new Submitted(template, jobId, slots, to);
    }
  }

  /**
   * Starts syncing the namespace. The caller makes {@code flinkCluster} the context execution
   * environment ({@code TestStreamEnvironment.setAsContext}), which the runtime takes, as it does
   * in a job manager pod.
   */
  public MiniClusterJobManager(KubernetesClient client, String namespace, FlinkTestCluster flinkCluster) {
    this(client, namespace, flinkCluster, Duration.ofMillis(300));
  }

  /** @param every how often it looks at the Deployments; what changes and changes back in between, it never sees */
  public MiniClusterJobManager(KubernetesClient client, String namespace, FlinkTestCluster flinkCluster,
      Duration every) {
    this.client = client;
    this.namespace = namespace;
    this.flinkCluster = flinkCluster;
    this.rest = flinkCluster.restUri();
    loop.scheduleWithFixedDelay(this::syncLogged, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** How many jobs it has started for the pipeline. */
  public long starts(String pipeline) {
    return starts.getOrDefault(pipeline, 0L);
  }

  /** The id of the job it runs for the pipeline now, if any. */
  public Optional<String> jobId(String pipeline) {
    return Optional.ofNullable(submitted.get(pipeline)).map(Submitted::jobId);
  }

  private void syncLogged() {
    try {
      client.apps().deployments().inNamespace(namespace)
          .withLabel("app.kubernetes.io/component", "jobmanager").list().getItems().forEach(this::sync);
    } catch (RuntimeException e) {
      LOG.warn("job manager stand-in failed", e);
    }
  }

  private void sync(Deployment jobManager) {
    String pipeline = jobManager.getMetadata().getLabels().get(ClusterNames.PIPELINE_LABEL);
    Map<String, String> annotations = jobManager.getSpec().getTemplate().getMetadata().getAnnotations();
    String planHash = annotations.get("sluice.dev/plan-hash");
    // A pod is replaced when its template changes, even if the Deployment's scale-down to zero in
    // between was too short for this loop to see.
    String template = planHash + " " + annotations.get("sluice.dev/restore-from");
    Submitted current = submitted.get(pipeline);
    boolean up = jobManager.getSpec().getReplicas() != null && jobManager.getSpec().getReplicas() > 0;
    if (current != null && (!up || !current.template().equals(template))) {
      killIfRunning(current.jobId()).ifPresentOrElse(checkpoint -> haCheckpoints.put(pipeline, checkpoint),
          () -> haCheckpoints.remove(pipeline));
      submitted.remove(pipeline);
      current = null;
    }
    if (!up) {
      return;
    }
    if (current != null) {
      followTaskManagers(pipeline, current);
      return;
    }
    ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(pipeline + "-plan").get();
    PipelinePlan plan = PlanJson.read(configMap.getData().get(FlinkCluster.PLAN_KEY));
    Configuration overrides = new Configuration();
    overrides.setString("parallelism.default", String.valueOf(plan.parallelism()));
    String restore = Optional.ofNullable(haCheckpoints.remove(pipeline))
        .orElse(flinkSetting(configMap, FlinkConfiguration.RESTORE_PATH));
    if (restore != null) {
      overrides.setString("execution.state-recovery.path", restore);
    }
    String jobId = SluiceJob.start(plan, Map.of(), overrides).getJobID().toHexString();
    int slots = Integer.parseInt(flinkSetting(configMap, "taskmanager.numberOfTaskSlots"));
    submitted.put(pipeline, new Submitted(template, jobId, slots, plan.parallelism()));
    starts.merge(pipeline, 1L, Long::sum);
    LOG.info("started {} plan {} as job {}{}", pipeline, planHash, jobId, restore == null ? "" : " from " + restore);
  }

  /** Rescales the job in place when the task manager replicas times slots differ from its parallelism. */
  private void followTaskManagers(String pipeline, Submitted current) {
    Deployment taskManagers = client.apps().deployments().inNamespace(namespace)
        .withName(new ClusterNames(pipeline).taskManager()).get();
    Integer replicas = taskManagers == null ? null : taskManagers.getSpec().getReplicas();
    if (replicas == null || replicas == 0 || replicas * current.slots() == current.parallelism()) {
      return;
    }
    int parallelism = replicas * current.slots();
    Map<String, Object> requirements = new LinkedHashMap<>();
    flink.job(endpoint(), current.jobId()).vertices().forEach(vertex -> requirements.put(vertex.id(),
        Map.of("parallelism", Map.of("lowerBound", 1, "upperBound", parallelism))));
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
              URI.create(rest + "/jobs/" + current.jobId() + "/resource-requirements"))
          .header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(requirements)))
          .build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        LOG.warn("Flink refused to rescale {} to {}: {}", pipeline, parallelism, response.body());
        return;
      }
    } catch (IOException e) {
      LOG.warn("Cannot rescale {} to {}: {}", pipeline, parallelism, e.toString());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    submitted.put(pipeline, current.rescaled(parallelism));
    LOG.info("rescaling {} job {} from {} to {} for {} task managers", pipeline, current.jobId(),
        current.parallelism(), parallelism, replicas);
  }

  private FlinkEndpoint endpoint() {
    return new FlinkEndpoint(namespace + "/stand-in", rest);
  }

  /** As a killed job manager pod ends its job; the operator itself never cancels one. */
  private void cancel(String jobId) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(rest + "/jobs/" + jobId
          + "?mode=cancel")).method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException("Flink refused to cancel job " + jobId + ": " + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while cancelling " + jobId, e);
    }
  }

  /**
   * Cancels the job if it still runs, and returns its latest completed checkpoint then. Not from
   * the REST API: the operator's observation just before it deployed can have cached an older one.
   */
  private Optional<String> killIfRunning(String jobId) {
    FlinkEndpoint endpoint = endpoint();
    if (!running(endpoint, jobId)) {
      return Optional.empty();
    }
    cancel(jobId);
    Instant deadline = Instant.now().plus(CANCEL_TIMEOUT);
    while (running(endpoint, jobId)) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("job " + jobId + " still runs " + CANCEL_TIMEOUT + " after cancelling it");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while cancelling " + jobId, e);
      }
    }
    try {
      return flinkCluster.latestCheckpoint(jobId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the latest checkpoint of " + jobId, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the latest checkpoint of job " + jobId, e.getCause());
    }
  }

  private boolean running(FlinkEndpoint endpoint, String jobId) {
    return flink.jobs(endpoint).stream().anyMatch(job -> job.id().equals(jobId) && !job.state().terminal());
  }

  private static String flinkSetting(ConfigMap configMap, String key) {
    return FlinkConfiguration.setting(configMap.getData().get(FlinkCluster.FLINK_CONFIG_KEY), key).orElse(null);
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
