package dev.sluice.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.e2e.cluster.KubeCluster;
import dev.sluice.e2e.cluster.KubeClusterExtension;
import dev.sluice.e2e.tools.Cli;
import dev.sluice.e2e.tools.FlinkRest;
import dev.sluice.e2e.tools.KafkaBroker;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The first scenario, with every step real: Helm installs the operator from the locally built
 * images, Kafka runs as a pod, examples/kafka-to-kafka is applied with kubectl, and its Pipeline
 * runs as job manager and task manager pods that move a known set of records exactly once. On the
 * same pods and broker it then survives drift, a savepoint and a last-state upgrade, a suspend and
 * resume, and killed pods under input; then, behind a slow sink, an overload makes the autoscaler
 * add a task manager pod and the quiet after it take it away; with two operator replicas, the
 * leader's pod is deleted in the middle of successive savepoint upgrades. Each is proved by the
 * exact read_committed output. Then it
 * checks security as users do: no Sluice pod runs as root, the Kafka password of the Pipeline's
 * Secret shows up in no ConfigMap, status, event or pod log, and the operator, installed with
 * watchNamespaces, may write nowhere else (kubectl auth can-i). At last kubectl deletes the
 * Pipeline with a savepoint and Helm uninstalls the operator.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaToKafkaE2E {

  static final String VERSION = chartAppVersion();
  static final String OPERATOR_IMAGE = "sluice/operator:" + VERSION;
  static final String RUNTIME_IMAGE = "sluice/runtime:" + VERSION;
  static final String KAFKA_IMAGE = System.getProperty("sluice.e2e.kafkaImage", "sluice/kafka:4.2.0");

  static final String OPERATOR_NAMESPACE = "sluice-system";
  /** examples/kafka-to-kafka reaches the broker at kafka.kafka.svc. */
  static final String KAFKA_NAMESPACE = "kafka";
  static final String PIPELINE = "large-payments";
  static final String STORAGE = "/var/lib/sluice/state";
  static final String TASK_MANAGER = PIPELINE + "-taskmanager";
  static final String REST_SERVICE = PIPELINE + "-rest";
  static final String INSPECTOR = "state-inspector";
  /** Payments per batch; amounts run 0 to 199 in each, so a threshold picks a known share. */
  static final int RECORDS = 200;
  static final BigDecimal LARGE = new BigDecimal("100");
  /** The threshold of the upgraded SQL; the output schema stays the same. */
  static final BigDecimal LARGER = new BigDecimal("150");
  /** CI's sizes; the e2e-full profile runs the (docs/e2e.md). */
  static final int TASK_MANAGER_KILLS = Integer.getInteger("sluice.e2e.taskManagerKills", 3);
  static final int JOB_MANAGER_KILLS = Integer.getInteger("sluice.e2e.jobManagerKills", 1);
  static final int FAILOVER_UPGRADES = Integer.getInteger("sluice.e2e.failoverUpgrades", 3);
  /** What the slow sink waits for each record it writes, in the autoscaling scenario. */
  static final int SINK_MICROS_PER_RECORD = 10_000;
  static final int BASE_LOAD_PER_SECOND = 4;
  /** More than one subtask writes (200 payments/s, half of them large), less than two. */
  static final int OVERLOAD_PER_SECOND = 300;
  static final Duration OVERLOAD = Duration.ofMinutes(2);
  /** The lag, in records, under which the overload counts as worked off. */
  static final long DRAINED_LAG = 100;
  /** What the broker's in-cluster port requires, new in each run: letters and digits, found by no accident. */
  static final String KAFKA_PASSWORD = UUID.randomUUID().toString().replace("-", "");

  @RegisterExtension
  static final KubeClusterExtension CLUSTER =
      KubeClusterExtension.withImages(OPERATOR_IMAGE, RUNTIME_IMAGE, KAFKA_IMAGE);

  static final ObjectMapper JSON = new ObjectMapper();
  static KubernetesClient client;
  static Cli cli;
  static KafkaBroker kafka;
  static String namespace;
  static boolean installed;
  /** The ids that read_committed output must hold: the payments at or above the threshold of the SQL that read them. */
  static final Set<String> expectedOutput = new TreeSet<>();
  static int nextPayment;
  /** The threshold of the SQL that runs now. */
  static BigDecimal threshold = LARGE;

  @BeforeAll
  static void tools(KubeCluster cluster) {
    client = cluster.client();
    cli = Cli.forCluster(cluster);
  }

  @AfterEach
  void logs() {
    saveLogs();
  }

  @AfterAll
  static void cleanUp() {
    if (kafka != null) {
      kafka.close();
    }
    if (installed) {
      // A run of only some scenarios leaves the Pipeline, whose deletion the operator must see
      // through before the chart's uninstall check lets it go.
      if (namespace != null) {
        cli.kubectl("delete", "pipelines", "--all", "-n", namespace, "--timeout=3m");
      }
      cli.helm("uninstall", "sluice", "-n", OPERATOR_NAMESPACE, "--wait", "--timeout", "2m");
    }
    for (String ns : new String[] {namespace, KAFKA_NAMESPACE}) {
      if (ns != null) {
        client.namespaces().withName(ns).delete();
      }
    }
    client.persistentVolumes().withLabel("sluice.dev/e2e", "true").delete();
  }

  @Test
  @Order(1)
  void helmInstallsTheOperatorWhichBecomesReadyAndHoldsTheLeaderLease(KubeCluster cluster) {
    // The operator watches the Pipeline's namespace only, so that it may write nowhere else.
    namespace = cluster.createNamespace("payments");
    // One replica leaves the two cores to Flink; debug lines show each failed look at the job.
    cli.helm("install", "sluice", Cli.repoRoot().resolve("helm/sluice").toString(), "-n", OPERATOR_NAMESPACE,
        "--create-namespace", "--set", "replicas=1", "--set", "logLevel=debug", "--set",
        "watchNamespaces={" + namespace + "}", "--wait", "--timeout", "3m");
    installed = true;
    Pod operator = client.pods().inNamespace(OPERATOR_NAMESPACE)
        .withLabel("app.kubernetes.io/name", "sluice-operator").list().getItems().get(0);
    assertEquals(OPERATOR_IMAGE, operator.getSpec().getContainers().get(0).getImage());
    assertTrue(isReady(operator), "the operator pod is Ready");
    String operatorPod = operator.getMetadata().getName();

    Lease lease = await().atMost(Duration.ofMinutes(1)).until(
        () -> client.leases().inNamespace(OPERATOR_NAMESPACE).withName("sluice-operator-leader").get(),
        l -> l != null && l.getSpec().getHolderIdentity() != null);
    assertTrue(lease.getSpec().getHolderIdentity().contains(operatorPod),
        "the operator pod holds the lease: " + lease.getSpec().getHolderIdentity());
  }

  @Test
  @Order(2)
  void kafkaRunsAsAPod() {
    client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
        .withNewMetadata().withName(KAFKA_NAMESPACE).endMetadata().build()).create();
    kafka = KafkaBroker.deploy(client, KAFKA_NAMESPACE, KAFKA_IMAGE, KAFKA_PASSWORD);
    kafka.createTopics(Map.of("payments", 2, "large-payments", 2));
  }

  @Test
  @Order(3)
  void aKafkaToKafkaPipelineRunsInPodsAndWritesEveryLargePaymentOnce() throws Exception {
    sharedStorage();
    // The user's copy of the broker's password, which the Datasets name and the pods read.
    client.secrets().inNamespace(namespace).resource(KafkaBroker.credentials(KAFKA_PASSWORD)).create();

    long applied = System.nanoTime();
    cli.kubectl("apply", "-n", namespace, "-f", exampleWithCredentials().toString());
    producePayments(RECORDS);

    Pod jobManager = awaitPod("jobmanager", KafkaToKafkaE2E::isReady);
    try (FlinkRest rest = FlinkRest.forward(client, namespace, jobManager.getMetadata().getName())) {
      JsonNode job = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
          .ignoreExceptions().until(() -> rest.get("/jobs/overview").path("jobs").get(0),
              j -> j != null && "RUNNING".equals(j.path("state").asText()));
      double seconds = (System.nanoTime() - applied) / 1e9;
      log(String.format(Locale.ROOT, "kubectl apply -> job RUNNING: %.1f s", seconds));
      logTimeline(applied, job);
      String jobId = job.path("jid").asText();

      assertEquals("Running", awaitPod("taskmanager", p -> "Running".equals(p.getStatus().getPhase()))
          .getStatus().getPhase());
      assertEquals("Running", jobManager.getStatus().getPhase());

      // Checkpoints complete to the claim, which a third pod sees too: the storage is shared.
      JsonNode checkpoints = await().atMost(Duration.ofMinutes(2)).ignoreExceptions()
          .until(() -> rest.get("/jobs/" + jobId + "/checkpoints"),
              c -> c.path("counts").path("completed").asLong() >= 1);
      String path = checkpoints.path("latest").path("completed").path("external_path").asText();
      assertTrue(path.startsWith("file:" + STORAGE + "/checkpoints/"), path);
      assertOnSharedVolume(path);

      // Flink's Kubernetes HA: the cluster's leaders, and the job's checkpoint counter and store.
      List<String> haConfigMaps = client.configMaps().inNamespace(namespace)
          .withLabel("app", "sluice-" + PIPELINE).withLabel("type", "flink-native-kubernetes").list().getItems()
          .stream().map(cm -> cm.getMetadata().getName()).sorted().toList();
      assertEquals(List.of("sluice-" + PIPELINE + "-" + jobId + "-config-map",
          "sluice-" + PIPELINE + "-cluster-config-map"), haConfigMaps);
      String jobHa = client.configMaps().inNamespace(namespace).withName(haConfigMaps.get(0)).get().getData().keySet()
          .toString();
      assertTrue(jobHa.contains("counter"), "the checkpoint counter is kept in " + haConfigMaps.get(0) + ": " + jobHa);

      JsonNode status = await().atMost(Duration.ofMinutes(2)).until(
          () -> status(PIPELINE),
          s -> "Running".equals(s.path("phase").asText())
              && jobId.equals(s.path("job").path("id").asText())
              && s.path("checkpoint").path("completed").asLong() >= 1
              && s.path("lag").has("records")
              && s.has("freshness"));
      assertEquals("RUNNING", status.path("job").path("state").asText());
      assertEquals(1, status.path("parallelism").path("current").asInt(), status.toString());
      log("Pipeline status: " + status);
      // Status moves on every observation: compare the table with the status read just before it.
      String table = await().atMost(Duration.ofMinutes(1)).until(() -> {
        JsonNode now = status(PIPELINE);
        String printed = cli.kubectl("get", "pl", "-n", namespace);
        boolean same = "Running".equals(cell(printed, "PHASE"))
            && now.path("parallelism").path("current").asText().equals(cell(printed, "PARALLELISM"))
            && now.path("lag").path("records").asText().equals(cell(printed, "LAG"))
            && now.path("freshness").asText().equals(cell(printed, "FRESHNESS"));
        return same ? printed : null;
      }, t -> t != null);
      log("kubectl get pl:\n" + table);
    }
    assertExactOutput("the first run");
  }

  @Test
  @Order(4)
  void theOperatorRestoresATaskManagerDeploymentAndAServiceDeletedOrScaledByHand() {
    String jobId = runningJobId();
    var taskManager = client.apps().deployments().inNamespace(namespace).withName(TASK_MANAGER);
    var restService = client.services().inNamespace(namespace).withName(REST_SERVICE);

    String deletedDeployment = taskManager.get().getMetadata().getUid();
    long deleted = System.nanoTime();
    taskManager.delete();
    await().atMost(Duration.ofMinutes(2)).until(taskManager::get,
        d -> d != null && !deletedDeployment.equals(d.getMetadata().getUid()));
    log(String.format(Locale.ROOT, "task manager Deployment deleted -> created again in %.1f s", seconds(deleted)));
    awaitEvent("DriftRepaired", "Deployment " + TASK_MANAGER + " was missing");

    String deletedService = restService.get().getMetadata().getUid();
    deleted = System.nanoTime();
    restService.delete();
    await().atMost(Duration.ofMinutes(2)).until(restService::get,
        s -> s != null && !deletedService.equals(s.getMetadata().getUid()));
    log(String.format(Locale.ROOT, "REST Service deleted -> created again in %.1f s", seconds(deleted)));
    awaitEvent("DriftRepaired", "Service " + REST_SERVICE + " was missing");

    long scaled = System.nanoTime();
    taskManager.scale(2);
    awaitEvent("DriftRepaired", "Deployment " + TASK_MANAGER + " had 2 replicas instead of 1");
    await().atMost(Duration.ofMinutes(1)).until(() -> taskManager.get().getSpec().getReplicas(), r -> r == 1);
    log(String.format(Locale.ROOT, "task manager Deployment scaled to 2 -> back to 1 in %.1f s", seconds(scaled)));

    // The same job runs on, and the operator observes it through the Service it made again.
    long repaired = System.currentTimeMillis();
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
        .until(() -> checkpointedSince(jobId, repaired));
    long observed = status(PIPELINE).path("checkpoint").path("completed").asLong();
    await().atMost(Duration.ofMinutes(1)).until(() -> status(PIPELINE),
        s -> jobId.equals(s.path("job").path("id").asText()) && "RUNNING".equals(s.path("job").path("state").asText())
            && s.path("checkpoint").path("completed").asLong() > observed);
    producePayments(RECORDS);
    assertExactOutput("drift repaired");
  }

  @Test
  @Order(5)
  void aChangedSqlStopsTheJobWithASavepointThatTheNewPodsRestore() {
    String oldJob = runningJobId();
    Set<String> oldPods = flinkPods();
    long changed = System.nanoTime();
    patchSpec(JSON.createObjectNode().put("sql", sqlAtLeast(LARGER)));
    threshold = LARGER;

    String path = awaitSavepoint("upgrade", oldJob);
    log(String.format(Locale.ROOT, "SQL changed -> job %s stopped with savepoint %s in %.1f s", oldJob, path,
        seconds(changed)));
    awaitEvent("SavepointTaken", "upgrade: job " + oldJob + " stopped with savepoint " + path);
    assertOnSharedVolume(path);

    awaitRestoredFrom(path, oldPods);
    log(String.format(Locale.ROOT, "SQL changed (savepoint) -> new job RUNNING from it in %.1f s", seconds(changed)));
    await().atMost(Duration.ofMinutes(1)).until(() -> status(PIPELINE).path("savepoint"),
        s -> path.equals(s.path("path").asText()) && s.path("restored").asBoolean());

    // The new job goes on from the old one's offsets: the first batches are not read again.
    producePayments(RECORDS);
    assertExactOutput("the savepoint upgrade");
  }

  @Test
  @Order(6)
  void aLastStateUpgradeRestoresTheLatestCheckpointWithoutASavepoint() {
    String oldJob = runningJobId();
    Set<String> oldPods = flinkPods();
    String savepoint = status(PIPELINE).path("savepoint").path("path").asText();
    // The restore may be no older than the checkpoint completed before the change.
    long checkpointBefore = withFlink(rest -> rest.get("/jobs/" + oldJob + "/checkpoints")
        .path("latest").path("completed").path("id").asLong());
    long changed = System.nanoTime();
    patchSpec(JSON.createObjectNode().put("upgradeMode", "last-state").put("sql", sqlAtLeast(LARGE)));
    threshold = LARGE;

    JsonNode restored = awaitRestoredJob(oldPods);
    log(String.format(Locale.ROOT, "SQL changed (last-state) -> new job RUNNING from checkpoint %d in %.1f s",
        restored.path("id").asLong(), seconds(changed)));
    assertFalse(restored.path("is_savepoint").asBoolean(), restored.toString());
    assertTrue(restored.path("external_path").asText().startsWith("file:" + STORAGE + "/checkpoints/"),
        restored.toString());
    assertTrue(restored.path("id").asLong() >= checkpointBefore, "restored " + restored + ", at least checkpoint "
        + checkpointBefore);
    assertEquals(savepoint, status(PIPELINE).path("savepoint").path("path").asText(), "no savepoint was taken");

    producePayments(RECORDS);
    assertExactOutput("the last-state upgrade");
  }

  @Test
  @Order(7)
  void suspendKeepsTheSavepointWithNoPodsAndResumeRestoresIt() {
    String suspendedJob = runningJobId();
    Set<String> oldPods = flinkPods();
    long suspended = System.nanoTime();
    patchSpec(JSON.createObjectNode().put("suspend", true));
    String path = awaitSavepoint("suspend", suspendedJob);
    await().atMost(Duration.ofMinutes(2)).until(KafkaToKafkaE2E::flinkPods, Set::isEmpty);
    double podsGone = seconds(suspended);
    // The reconcile that scaled the pods to zero writes the phase when it ends; pods that exit at
    // once can be gone first (in one CI run the test read Running then).
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> status(PIPELINE).path("phase").asText(), "Suspended"::equals);
    log(String.format(Locale.ROOT, "suspend -> savepoint %s and no Sluice pod in %.1f s, phase Suspended in %.1f s",
        path, podsGone, seconds(suspended)));
    assertEquals(path, status(PIPELINE).path("savepoint").path("path").asText(), "the savepoint is kept");
    awaitEvent("Suspended", "job manager and task managers scaled to zero; state kept in " + path);
    assertOnSharedVolume(path);

    // Input that arrives while suspended waits in Kafka for the resumed job.
    producePayments(RECORDS);
    long resumed = System.nanoTime();
    patchSpec(JSON.createObjectNode().put("suspend", false));
    awaitRestoredFrom(path, oldPods);
    log(String.format(Locale.ROOT, "resume -> job RUNNING from the savepoint in %.1f s", seconds(resumed)));
    assertExactOutput("suspend and resume");
  }

  @Test
  @Order(8)
  void killedTaskManagerAndJobManagerPodsUnderInputLoseAndDuplicateNothing() throws InterruptedException {
    String jobId = runningJobId();
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<String> victims = new ArrayList<>(Collections.nCopies(TASK_MANAGER_KILLS, "taskmanager"));
    victims.addAll(Collections.nCopies(JOB_MANAGER_KILLS, "jobmanager"));
    Collections.shuffle(victims, random);
    log("chaos: kills in the order " + victims + " (seed " + seed + ")");

    AtomicBoolean producing = new AtomicBoolean(true);
    AtomicReference<RuntimeException> producerFailure = new AtomicReference<>();
    Thread producer = new Thread(() -> {
      try {
        while (producing.get()) {
          producePayments(20);
          Thread.sleep(500);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        producerFailure.set(e);
      }
    }, "payments-producer");
    int producedBefore = nextPayment;
    producer.start();
    List<Double> recoveries = new ArrayList<>();
    try {
      for (String component : victims) {
        // A random moment: anywhere between two checkpoints, or during one.
        Thread.sleep(2_000 + random.nextInt(8_000));
        Pod victim = awaitPod(component, p -> "Running".equals(p.getStatus().getPhase()));
        long killed = System.currentTimeMillis();
        client.pods().inNamespace(namespace).resource(victim).withGracePeriod(0).delete();
        // Flink and Kubernetes alone recover it: the same job, running again, checkpointing again.
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
            .until(() -> jobId.equals(runningJobId()) && checkpointedSince(jobId, killed));
        double recovery = (System.currentTimeMillis() - killed) / 1000.0;
        recoveries.add(recovery);
        log(String.format(Locale.ROOT, "chaos: %s pod %s killed -> job RUNNING and checkpointed again in %.1f s",
            component, victim.getMetadata().getName(), recovery));
      }
    } finally {
      producing.set(false);
      producer.join();
    }
    if (producerFailure.get() != null) {
      throw producerFailure.get();
    }
    List<Double> sorted = recoveries.stream().sorted().toList();
    int middle = sorted.size() / 2;
    double median = sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    log(String.format(Locale.ROOT, "chaos: %d kills under input of %d payments; recovery median %.1f s, worst %.1f s",
        sorted.size(), nextPayment - producedBefore, median, sorted.get(sorted.size() - 1)));
    assertExactOutput("the kills");
  }

  @Test
  @Order(9)
  void anOverloadScalesTheJobUpInPlaceOnANewTaskManagerPodAndTheQuietAfterScalesItDown() throws InterruptedException {
    // The sink gets slow, as one that waits on a remote system for each record: one subtask then
    // writes about 1,000,000 / SINK_MICROS_PER_RECORD large payments a second. Its client
    // properties are part of the plan, so this is an upgrade (last-state since the scenario above).
    Set<String> oldPods = flinkPods();
    cli.kubectl("patch", "dataset", PIPELINE, "-n", namespace, "--type", "merge", "-p",
        "{\"spec\":{\"connector\":{\"kafka\":{\"properties\":{\"interceptor.classes\":\"dev.sluice.demo.SlowSends\","
            + "\"slow-sends.micros-per-record\":\"" + SINK_MICROS_PER_RECORD + "\"}}}}}");
    awaitRestoredJob(oldPods);
    patchSpec((ObjectNode) JSON.createObjectNode().set("autoscaler", JSON.createObjectNode().put("enabled", true)
        .put("catchUpTime", "30s").put("stabilizationWindow", "30s").put("cooldown", "30s")));
    long generation = pipelineGeneration();
    await().atMost(Duration.ofMinutes(2)).until(() -> status(PIPELINE), s -> s.path("observedGeneration").asLong()
        >= generation && "Running".equals(s.path("phase").asText()) && s.path("lag").has("records"));
    String jobId = runningJobId();
    String savepoint = status(PIPELINE).path("savepoint").path("path").asText();
    assertEquals(1, jobParallelism(jobId));

    AtomicBoolean producing = new AtomicBoolean(true);
    AtomicInteger perSecond = new AtomicInteger(BASE_LOAD_PER_SECOND);
    AtomicReference<RuntimeException> producerFailure = new AtomicReference<>();
    Thread load = new Thread(() -> {
      try {
        while (producing.get()) {
          long second = System.nanoTime();
          producePayments(perSecond.get());
          Thread.sleep(Math.max(0, 1_000 - (System.nanoTime() - second) / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        producerFailure.set(e);
      }
    }, "payments-load");
    load.start();
    // The lag in status each second, from the overload on: status moves at each of the operator's looks.
    List<double[]> lagSeen = Collections.synchronizedList(new ArrayList<>());
    Thread lagSampler = new Thread(() -> {
      long start = System.nanoTime();
      while (producing.get()) {
        lagSeen.add(new double[] {seconds(start), status(PIPELINE).path("lag").path("records").asDouble()});
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }, "lag-sampler");
    try {
      Thread.sleep(10_000);
      long overload = System.nanoTime();
      int producedBefore = nextPayment;
      lagSampler.start();
      perSecond.set(OVERLOAD_PER_SECOND);
      log(String.format(Locale.ROOT, "autoscaling: %d payments/s, then %d/s for %d s; a subtask writes about %d "
              + "large payments/s, half of those arriving", BASE_LOAD_PER_SECOND, OVERLOAD_PER_SECOND,
          OVERLOAD.toSeconds(), 1_000_000 / SINK_MICROS_PER_RECORD));

      JsonNode up = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
          .until(() -> status(PIPELINE).path("lastScaling"), d -> d.path("from").asInt() == 1 && d.path("to").asInt() == 2);
      double decided = seconds(overload);
      awaitEvent("ScaledUp", "");
      // Reactive mode: a second task manager pod joins and the same job takes its slot.
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
          .until(() -> client.pods().inNamespace(namespace).withLabel("sluice.dev/pipeline", PIPELINE)
              .withLabel("app.kubernetes.io/component", "taskmanager").list().getItems().stream()
              .filter(p -> "Running".equals(p.getStatus().getPhase())).count(), n -> n == 2);
      double podRunning = seconds(overload);
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
          .until(() -> jobId.equals(runningJobId()) && jobParallelism(jobId) == 2);
      double rescaled = seconds(overload);
      // Flink 2 rescales onto the new slot when a checkpoint completes: the operator asks for one
      // once Flink's stabilisation is over, unless a periodic one (every 5 s here) came first.
      String rescaleCheckpoint = pipelineEvents("RescaleCheckpoint").map(Event::getMessage)
          .reduce((earlier, later) -> later).orElse("none, a periodic checkpoint came first");
      long overloadLeft = OVERLOAD.toNanos() - (System.nanoTime() - overload);
      assertTrue(overloadLeft > 0, "the job ran at 2 only " + rescaled + " s after the overload started");
      Thread.sleep(overloadLeft / 1_000_000);
      perSecond.set(BASE_LOAD_PER_SECOND);
      double overloadEnded = seconds(overload);
      int overloadPayments = nextPayment - producedBefore;
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
          .until(() -> status(PIPELINE).path("lag").path("records").asLong(), lag -> lag <= DRAINED_LAG);

      JsonNode down = await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
          .until(() -> status(PIPELINE).path("lastScaling"), d -> d.path("from").asInt() == 2 && d.path("to").asInt() == 1);
      double scaledDown = seconds(overload);
      awaitEvent("ScaledDown", "");
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
          .until(() -> jobId.equals(runningJobId()) && jobParallelism(jobId) == 1
              && client.apps().deployments().inNamespace(namespace).withName(TASK_MANAGER).get().getSpec()
                  .getReplicas() == 1);
      // The task manager went only after a checkpoint asked for just before: the failover replays seconds.
      String scaleDownCheckpoint = awaitEvent("RescaleCheckpoint", "checkpoint asked for before the scale-down 2 -> 1")
          .getMessage();
      List<String> scaleDownWarnings = pipelineEvents("RescaleCheckpoint")
          .filter(e -> "Warning".equals(e.getType())).map(Event::getMessage).toList();
      double[] peak = lagSeen.stream().max(Comparator.comparingDouble(sample -> sample[1])).orElseThrow();
      double drained = lagSeen.stream().filter(sample -> sample[0] > peak[0] && sample[1] <= DRAINED_LAG)
          .mapToDouble(sample -> sample[0]).findFirst().orElseThrow();
      log(String.format(Locale.ROOT, "autoscaling: 1 -> 2 decided +%.1f s after the overload started (%s); second "
              + "task manager pod Running +%.1f s; job %s running at 2 on two task manager pods +%.1f s (rescale "
              + "checkpoint: %s); overload ended +%.1f s (%d payments); lag in status at most %.0f records (+%.0f s), "
              + "at most %d from +%.0f s; 2 -> 1 decided +%.1f s (%s); %s; warnings: %s", decided,
          up.path("reason").asText(), podRunning, jobId, rescaled, rescaleCheckpoint, overloadEnded, overloadPayments,
          peak[1], peak[0], DRAINED_LAG, drained, scaledDown, down.path("reason").asText(), scaleDownCheckpoint,
          scaleDownWarnings));
    } finally {
      producing.set(false);
      load.join();
      lagSampler.join();
    }
    if (producerFailure.get() != null) {
      throw producerFailure.get();
    }
    assertEquals(savepoint, status(PIPELINE).path("savepoint").path("path").asText(),
        "the rescales took no savepoint: reactive mode rescales the running job in place");
    assertExactOutput("scaling up and down");
  }

  /** Where in an upgrade the leader's pod is deleted, in the order of the operator's steps. */
  enum UpgradeMoment { BEFORE_SAVEPOINT, DURING_SAVEPOINT, BEFORE_REDEPLOY }

  @Test
  @Order(10)
  void theLeaderKilledAtRandomMomentsOfUpgradesLeavesOneJobRunningFromTheLastSavepoint() throws InterruptedException {
    // Savepoint upgrades at the parallelism the autoscaler left, which now stays put.
    patchSpec((ObjectNode) JSON.createObjectNode().put("upgradeMode", "savepoint")
        .set("autoscaler", JSON.createObjectNode().put("enabled", false)));
    scaleOperator(2);
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<UpgradeMoment> moments = new ArrayList<>();
    for (int i = 0; i < FAILOVER_UPGRADES; i++) {
      moments.add(UpgradeMoment.values()[i % UpgradeMoment.values().length]);
    }
    Collections.shuffle(moments, random);
    log("operator failover: " + moments.size() + " upgrades, the leader's pod deleted " + moments + " (seed " + seed
        + ")");
    List<String> failures = new ArrayList<>();
    List<Double> upgradeTimes = new ArrayList<>();
    for (int i = 0; i < moments.size() && failures.isEmpty(); i++) {
      String upgrade = "upgrade " + (i + 1) + " of " + moments.size();
      String leader = awaitStandbyAndLeader();
      JsonNode before = status(PIPELINE);
      Set<String> oldPods = flinkPods();
      BigDecimal next = threshold.equals(LARGE) ? LARGER : LARGE;
      long changed = System.nanoTime();
      patchSpec(JSON.createObjectNode().put("sql", sqlAtLeast(next)));
      threshold = next;
      long generation = pipelineGeneration();
      String atKill = awaitMoment(moments.get(i), before, random);
      client.pods().inNamespace(OPERATOR_NAMESPACE).withName(leader).withGracePeriod(0).delete();
      try {
        String savepoint = await().atMost(Duration.ofMinutes(4)).until(() -> status(PIPELINE).path("savepoint"),
            s -> "upgrade".equals(s.path("reason").asText())
                && !s.path("path").asText().equals(before.path("savepoint").path("path").asText()))
            .path("path").asText();
        awaitRestoredFrom(savepoint, oldPods);
        JsonNode after = await().atMost(Duration.ofMinutes(3)).until(() -> status(PIPELINE),
            s -> s.path("observedGeneration").asLong() >= generation && "Running".equals(s.path("phase").asText())
                && savepoint.equals(s.path("savepoint").path("path").asText())
                && s.path("savepoint").path("restored").asBoolean());
        double seconds = seconds(changed);
        assertOneJobAndNothingOrphaned(after.path("job").path("id").asText());
        assertNotEquals(leader, awaitStandbyAndLeader(), "another replica leads");
        producePayments(RECORDS);
        assertExactOutput(upgrade);
        upgradeTimes.add(seconds);
        log(String.format(Locale.ROOT, "operator failover: %s, leader %s deleted %s (%s): one job RUNNING from %s "
            + "%.1f s after the change, nothing orphaned", upgrade, leader, moments.get(i), atKill, savepoint, seconds));
      } catch (AssertionError | ConditionTimeoutException e) {
        failures.add(upgrade + ", leader deleted " + moments.get(i) + " (" + atKill + "): " + e.getMessage());
        log("operator failover: FAILED " + failures.get(failures.size() - 1) + "; status " + status(PIPELINE));
      }
    }
    scaleOperator(1);
    List<Double> sorted = upgradeTimes.stream().sorted().toList();
    log(String.format(Locale.ROOT, "operator failover: %d of %d upgrades converged with the leader deleted, "
            + "%d failures; change -> one job RUNNING from the savepoint: median %.1f s, worst %.1f s",
        upgradeTimes.size(), moments.size(), failures.size(), sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2),
        sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1)));
    assertEquals(List.of(), failures);
  }

  @Test
  @Order(11)
  void helmUninstallIsRefusedWhileAPipelineExists() {
    AssertionError refused = assertThrows(AssertionError.class,
        () -> cli.helm("uninstall", "sluice", "-n", OPERATOR_NAMESPACE, "--wait", "--timeout", "2m"));
    assertTrue(refused.getMessage().contains("job sluice-uninstall-check failed"), refused.getMessage());
    String check = cli.kubectl("logs", "-n", OPERATOR_NAMESPACE, "job/sluice-uninstall-check");
    assertTrue(check.contains(namespace + "/" + PIPELINE), "the check names the Pipeline: " + check);
    log("helm uninstall refused: " + check.strip());
    assertNotNull(client.apps().deployments().inNamespace(OPERATOR_NAMESPACE).withName("sluice").get(),
        "the operator stays to delete the Pipeline");
  }

  @Test
  @Order(12)
  void everySluicePodRunsAsNonRootAndTheOperatorsRootFilesystemIsReadOnly() {
    List<String> checked = new ArrayList<>();
    Set<String> roles = new TreeSet<>();
    for (Pod pod : client.pods().inAnyNamespace().withLabel("app.kubernetes.io/part-of", "sluice").list().getItems()) {
      String ns = pod.getMetadata().getNamespace();
      String name = pod.getMetadata().getName();
      Map<String, String> labels = pod.getMetadata().getLabels();
      String role = labels.getOrDefault("app.kubernetes.io/component", labels.get("app.kubernetes.io/name"));
      roles.add(role);
      for (Container container : pod.getSpec().getContainers()) {
        String where = role + " " + ns + "/" + name + " " + container.getName();
        // Asked to, the kubelet refuses to start a container that would run as root.
        assertTrue(requiresNonRoot(pod, container), where + " may run as root: " + pod.getSpec().getSecurityContext());
        ContainerState state = pod.getStatus().getContainerStatuses().stream()
            .filter(c -> c.getName().equals(container.getName())).findFirst().orElseThrow().getState();
        if (state.getRunning() == null) {
          // The uninstall check ran and ended: the kubelet started it, so its user was not root.
          assertTrue(state.getTerminated() != null && state.getTerminated().getStartedAt() != null,
              where + " ran: " + state);
          checked.add(role + " ran");
          continue;
        }
        String uid = cli.kubectl("exec", "-n", ns, name, "-c", container.getName(), "--", "id", "-u").strip();
        assertNotEquals("0", uid, where + " runs as root");
        checked.add(role + " uid " + uid);
      }
      if ("sluice-operator".equals(role)) {
        Container operator = pod.getSpec().getContainers().get(0);
        assertEquals(Boolean.TRUE, operator.getSecurityContext().getReadOnlyRootFilesystem(), name);
        assertTrue(cli.kubectl("exec", "-n", ns, name, "--", "sh", "-c", "touch /sluice-e2e 2>&1 || true")
            .contains("Read-only file system"), "the operator cannot write to its root filesystem");
      }
    }
    assertTrue(roles.containsAll(List.of("sluice-operator", "sluice-uninstall-check", "jobmanager", "taskmanager")),
        "every kind of Sluice pod was checked: " + roles);
    log("non-root: " + checked.size() + " containers of Sluice pods, none root: " + checked
        + "; the operator's root filesystem refuses a write");
  }

  @Test
  @Order(13)
  void theKafkaPasswordIsInNoConfigMapStatusEventOrPodLog() throws IOException {
    // The password is needed and was used: the broker refuses another, the operator checked both
    // topics through it, the pods read it from the Secret, and every expected payment came out.
    assertTrue(kafka.refusesLogin("not-" + KAFKA_PASSWORD), "the broker's port 9092 checks the password");
    for (GenericKubernetesResource dataset : client.genericKubernetesResources("sluice.dev/v1alpha1", "Dataset")
        .inNamespace(namespace).list().getItems()) {
      JsonNode status = JSON.valueToTree(dataset.getAdditionalProperties().get("status"));
      assertTrue(condition(status, "TopicReady"), dataset.getMetadata().getName() + ": " + status);
    }
    for (String deployment : List.of(PIPELINE + "-jobmanager", TASK_MANAGER)) {
      List<EnvVar> env = client.apps().deployments().inNamespace(namespace).withName(deployment).get().getSpec()
          .getTemplate().getSpec().getContainers().get(0).getEnv();
      assertTrue(env.stream().anyMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
          && KafkaBroker.CREDENTIALS_SECRET.equals(e.getValueFrom().getSecretKeyRef().getName())
          && "password".equals(e.getValueFrom().getSecretKeyRef().getKey())), deployment + " env: " + env);
    }
    int written = kafka.readCommitted("large-payments").size();
    assertEquals(expectedOutput.size(), written);

    // A copy of the Secret's data would be base64: look for that too.
    List<String> needles = List.of(KAFKA_PASSWORD,
        Base64.getEncoder().encodeToString(KAFKA_PASSWORD.getBytes(StandardCharsets.UTF_8)));
    List<String> found = new ArrayList<>();
    Map<String, Integer> searched = new LinkedHashMap<>();
    for (String kinds : List.of("configmaps", "pipelines,datasets,servicelevelobjectives", "events",
        "deployments,pods")) {
      JsonNode items = JSON.readTree(cli.kubectl("get", kinds, "-A", "-o", "json")).path("items");
      searched.put(kinds, items.size());
      for (JsonNode item : items) {
        if (needles.stream().anyMatch(item.toString()::contains)) {
          found.add(item.path("kind").asText() + " " + item.path("metadata").path("namespace").asText() + "/"
              + item.path("metadata").path("name").asText());
        }
      }
    }
    int logs = 0;
    long logLines = 0;
    for (String ns : List.of(OPERATOR_NAMESPACE, namespace)) {
      for (Pod pod : client.pods().inNamespace(ns).list().getItems()) {
        String name = pod.getMetadata().getName();
        for (ContainerStatus container : pod.getStatus().getContainerStatuses()) {
          List<String> containerLogs = new ArrayList<>(List.of(cli.kubectl("logs", "-n", ns, name,
              "-c", container.getName())));
          if (container.getRestartCount() > 0) {
            containerLogs.add(cli.kubectl("logs", "-n", ns, name, "-c", container.getName(), "--previous"));
          }
          for (String log : containerLogs) {
            logs++;
            logLines += log.lines().count();
            if (needles.stream().anyMatch(log::contains)) {
              found.add("the log of " + ns + "/" + name + " " + container.getName());
            }
          }
        }
      }
    }
    assertEquals(List.of(), found, "the Kafka password is where it must not be");
    log(String.format(Locale.ROOT, "the Kafka password, plain or base64, is in none of: %s (kubectl get -A), "
        + "%d log lines of %d containers in %s and %s; %d records came out through the login",
        searched, logLines, logs, OPERATOR_NAMESPACE, namespace, written));
  }

  @Test
  @Order(14)
  void theOperatorMayWriteInTheNamespaceItWatchesAndNowhereElse() {
    String operator = "system:serviceaccount:" + OPERATOR_NAMESPACE + ":sluice";
    // Where it runs Pipelines it makes their Deployments and ConfigMaps, and only reads Secrets.
    int watched = 0;
    for (String verb : List.of("create", "patch")) {
      for (String resource : List.of("deployments.apps", "configmaps")) {
        assertTrue(cli.canI(operator, verb, resource, "-n", namespace), verb + " " + resource + " in " + namespace);
        watched++;
      }
    }
    assertTrue(cli.canI(operator, "get", "secrets", "-n", namespace));
    assertFalse(cli.canI(operator, "create", "secrets", "-n", namespace));
    watched += 2;
    // Elsewhere it may write nothing, nor read a Secret: Kafka's namespace holds the broker's password.
    List<String> unwatched = List.of("default", "kube-system", KAFKA_NAMESPACE);
    int elsewhere = 0;
    for (String ns : unwatched) {
      assertFalse(cli.canI(operator, "get", "secrets", "-n", ns), "get secrets in " + ns);
      elsewhere++;
      for (String verb : List.of("create", "patch", "delete")) {
        for (String resource : List.of("deployments.apps", "configmaps", "secrets", "services")) {
          assertFalse(cli.canI(operator, verb, resource, "-n", ns), verb + " " + resource + " in " + ns);
          elsewhere++;
        }
      }
    }
    // Nothing cluster-wide: with watchNamespaces the chart makes no ClusterRole.
    List<String> clusterWide = List.of("create namespaces", "create clusterroles.rbac.authorization.k8s.io",
        "create clusterrolebindings.rbac.authorization.k8s.io", "patch customresourcedefinitions.apiextensions.k8s.io",
        "create persistentvolumes", "patch nodes");
    for (String question : clusterWide) {
      String[] verbAndResource = question.split(" ");
      assertFalse(cli.canI(operator, verbAndResource[0], verbAndResource[1], "--all-namespaces"), question);
    }
    // And all that the API server lists for it where it does not watch: nothing to write but the
    // reviews of its own rights that anyone may ask for, and its leader Lease.
    Set<String> anyone = Set.of("selfsubjectreviews.authentication.k8s.io",
        "selfsubjectaccessreviews.authorization.k8s.io", "selfsubjectrulesreviews.authorization.k8s.io");
    Map<String, Set<String>> mayWrite = new LinkedHashMap<>();
    unwatched.forEach(ns -> mayWrite.put(ns, anyone));
    Set<String> withLease = new TreeSet<>(anyone);
    withLease.add("leases.coordination.k8s.io");
    mayWrite.put(OPERATOR_NAMESPACE, withLease);
    mayWrite.forEach((ns, allowed) -> {
      String rules = cli.kubectl("auth", "can-i", "--list", "--no-headers", "--as", operator, "-n", ns);
      Set<String> writable = writableResources(rules);
      assertTrue(allowed.containsAll(writable), "in " + ns + " it may write " + writable + ":\n" + rules);
    });
    log(String.format(Locale.ROOT, "kubectl auth can-i --as %s: %d questions answered as expected (%d in %s, "
        + "%d in %s, %d cluster-wide); --list in %s: nothing else it may write", operator,
        watched + elsewhere + clusterWide.size(), watched, namespace, elsewhere, unwatched, clusterWide.size(),
        mayWrite.keySet()));
  }

  @Test
  @Order(15)
  void kubectlDeleteTakesASavepointAndRemovesThePods() {
    cli.kubectl("delete", "pipeline", PIPELINE, "-n", namespace, "--timeout=3m");
    Event taken = awaitEvent("SavepointTaken", "deleted: ");
    log("SavepointTaken: " + taken.getMessage());
    assertOnSharedVolume(taken.getMessage().replaceAll(".*savepoint (file:\\S+?);.*", "$1"));
    await().atMost(Duration.ofMinutes(2)).until(() -> client.pods().inNamespace(namespace)
        .withLabel("sluice.dev/pipeline", PIPELINE).list().getItems().isEmpty());
  }

  @Test
  @Order(16)
  void helmUninstallLeavesNoSluiceObjects() {
    // The example's SLO goes too, and with it the history ConfigMap it owns.
    cli.kubectl("delete", "servicelevelobjectives", "--all", "-n", namespace, "--timeout=1m");
    cli.helm("uninstall", "sluice", "-n", OPERATOR_NAMESPACE, "--wait", "--timeout", "2m");
    installed = false;
    // Pods take their grace period to go; everything else goes with the release.
    await().atMost(Duration.ofMinutes(2)).until(KafkaToKafkaE2E::sluiceOwned, List::isEmpty);
  }

  /** The operator's, the Flink pods' and the broker's logs, and the events, for a look after a failure. */
  private static void saveLogs() {
    Path dir = workDir().resolve("logs");
    try {
      Files.createDirectories(dir);
      for (String ns : new String[] {OPERATOR_NAMESPACE, KAFKA_NAMESPACE, namespace}) {
        if (ns == null) {
          continue;
        }
        for (Pod pod : client.pods().inNamespace(ns).list().getItems()) {
          String name = pod.getMetadata().getName();
          try {
            Files.writeString(dir.resolve(ns + "_" + name + ".log"),
                client.pods().inNamespace(ns).withName(name).getLog());
          } catch (RuntimeException e) {
            log("no log of " + ns + "/" + name + ": " + e.getMessage());
          }
        }
        Files.writeString(dir.resolve(ns + "_events.txt"), client.v1().events().inNamespace(ns).list().getItems()
            .stream().map(e -> e.getLastTimestamp() + " " + e.getInvolvedObject().getKind() + "/"
                + e.getInvolvedObject().getName() + " " + e.getReason() + ": " + e.getMessage())
            .collect(Collectors.joining("\n")));
      }
      log("logs and events saved in " + dir);
    } catch (IOException | RuntimeException e) {
      log("could not save the logs: " + e);
    }
  }

  /** What the chart or the operator made (Helm's release labels, or the operator's own), by kind and name. */
  private static List<String> sluiceOwned() {
    List<HasMetadata> found = new ArrayList<>();
    for (String label : List.of("app.kubernetes.io/part-of=sluice", "app.kubernetes.io/managed-by=sluice-operator")) {
      String[] kv = label.split("=");
      found.addAll(client.apps().deployments().inAnyNamespace().withLabel(kv[0], kv[1]).list().getItems());
      found.addAll(client.pods().inAnyNamespace().withLabel(kv[0], kv[1]).list().getItems());
      found.addAll(client.services().inAnyNamespace().withLabel(kv[0], kv[1]).list().getItems());
      found.addAll(client.configMaps().inAnyNamespace().withLabel(kv[0], kv[1]).list().getItems());
      found.addAll(client.serviceAccounts().inAnyNamespace().withLabel(kv[0], kv[1]).list().getItems());
      found.addAll(client.rbac().roles().inAnyNamespace().withLabel(kv[0], kv[1]).list().getItems());
      found.addAll(client.rbac().roleBindings().inAnyNamespace().withLabel(kv[0], kv[1]).list().getItems());
      found.addAll(client.rbac().clusterRoles().withLabel(kv[0], kv[1]).list().getItems());
      found.addAll(client.rbac().clusterRoleBindings().withLabel(kv[0], kv[1]).list().getItems());
    }
    found.addAll(client.pods().inNamespace(OPERATOR_NAMESPACE).list().getItems());
    found.addAll(client.leases().inNamespace(OPERATOR_NAMESPACE).list().getItems());
    return found.stream().map(r -> r.getKind() + " " + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
        .distinct().toList();
  }

  private static Path workDir() {
    return Path.of(System.getProperty("sluice.e2e.workDir", "target/e2e"));
  }

  /**
   * examples/kafka-to-kafka, copied into the work directory with credentials in both Datasets: the
   * broker's port 9092 lets in only a SASL PLAIN login with the user and password of the Secret.
   */
  private static Path exampleWithCredentials() throws IOException {
    Path example = Cli.repoRoot().resolve("examples/kafka-to-kafka");
    Path copy = Files.createDirectories(workDir().resolve("kafka-to-kafka"));
    try (var files = Files.list(example)) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    String broker = "      bootstrapServers: kafka.kafka.svc:9092";
    String datasets = Files.readString(example.resolve("datasets.yaml"));
    assertEquals(2, datasets.lines().filter(broker::equals).count(), "both Datasets name the broker: " + datasets);
    Files.writeString(copy.resolve("datasets.yaml"), datasets.replace(broker + "\n", broker + "\n"
        + "      credentials:\n"
        + "        secretName: " + KafkaBroker.CREDENTIALS_SECRET + "\n"
        + "        mechanism: PLAIN\n"
        + "        securityProtocol: SASL_PLAINTEXT\n"));
    return copy;
  }

  /**
   * The claim that examples/kafka-to-kafka keeps its state on, and a pod that mounts it too: it
   * makes the hostPath directory writable for the runtime's user, and lets the test look inside.
   */
  private static void sharedStorage() {
    cli.kubectl("apply", "-n", namespace, "-f",
        Cli.repoRoot().resolve("e2e-tests/src/test/resources/kafka-to-kafka/storage.yaml").toString());
    Pod inspector = new PodBuilder()
        .withNewMetadata().withName(INSPECTOR).endMetadata()
        .withNewSpec()
        .withTerminationGracePeriodSeconds(0L)
        .addNewContainer().withName("inspector").withImage(RUNTIME_IMAGE).withImagePullPolicy("IfNotPresent")
        .withCommand("sh", "-c", "chmod 1777 /state && touch /state/.ready && exec sleep infinity")
        .withNewSecurityContext().withRunAsUser(0L).endSecurityContext()
        .withNewReadinessProbe().withNewExec().withCommand("test", "-f", "/state/.ready").endExec()
        .withPeriodSeconds(1).endReadinessProbe()
        .addNewVolumeMount().withName("state").withMountPath("/state").endVolumeMount()
        .endContainer()
        .addNewVolume().withName("state").withNewPersistentVolumeClaim().withClaimName("sluice-state")
        .endPersistentVolumeClaim().endVolume()
        .endSpec().build();
    client.pods().inNamespace(namespace).resource(inspector).create();
    client.pods().inNamespace(namespace).withName(INSPECTOR)
        .waitUntilCondition(KafkaToKafkaE2E::isReady, 2, TimeUnit.MINUTES);
  }

  /** Asserts that a checkpoint or savepoint's metadata is on the claim, as the inspector pod sees it. */
  private static void assertOnSharedVolume(String path) {
    String listed = cli.kubectl("exec", "-n", namespace, INSPECTOR, "--",
        "ls", path.substring("file:".length()).replace(STORAGE, "/state"));
    assertTrue(listed.contains("_metadata"), path + " is on the shared volume: " + listed);
  }

  /**
   * Produces the next {@code count} payments, p-00000 on, with amounts cycling 0 to 199, paid now
   * (ISO-8601, as the JSON format expects), and expects in the output those at or above the
   * threshold of the SQL that runs now.
   */
  private static void producePayments(int count) {
    String now = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS"));
    Map<String, String> payments = new LinkedHashMap<>();
    Set<String> large = new TreeSet<>();
    for (int i = nextPayment; i < nextPayment + count; i++) {
      String id = String.format(Locale.ROOT, "p-%05d", i);
      int amount = i % RECORDS;
      payments.put(id, String.format(Locale.ROOT,
          "{\"payment_id\":\"%s\",\"account\":\"a-%d\",\"amount\":%d.00,\"paid_at\":\"%s\"}", id, i % 7, amount, now));
      if (BigDecimal.valueOf(amount).compareTo(threshold) >= 0) {
        large.add(id);
      }
    }
    kafka.produce("payments", payments);
    nextPayment += count;
    expectedOutput.addAll(large);
  }

  /**
   * Waits until read_committed output holds every expected payment, then, two checkpoints later
   * (their transactions commit whatever a replay wrote again), asserts it holds each exactly once.
   */
  private static void assertExactOutput(String after) {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
        .until(() -> keys(kafka.readCommitted("large-payments")), expectedOutput::equals);
    String jobId = runningJobId();
    long now = System.currentTimeMillis();
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
        .until(() -> withFlink(rest -> completedCheckpoints(rest, jobId, now) >= 2));
    List<ConsumerRecord<String, String>> output = kafka.readCommitted("large-payments");
    assertEquals(expectedOutput.size(), output.size(), "no duplicates and no losses after " + after);
    assertEquals(expectedOutput, keys(output));
    log("after " + after + ": read_committed from large-payments holds " + output.size()
        + " records, each expected payment once, of " + nextPayment + " payments produced");
  }

  /** Changes fields of the Pipeline's spec as a user does, with kubectl patch. */
  private static void patchSpec(ObjectNode fields) {
    cli.kubectl("patch", "pipeline", PIPELINE, "-n", namespace, "--type", "merge", "-p",
        JSON.createObjectNode().set("spec", fields).toString());
  }

  /** Waits until status names the savepoint that stopped the job for that reason, and returns its path. */
  private static String awaitSavepoint(String reason, String jobId) {
    return await().atMost(Duration.ofMinutes(3)).until(() -> status(PIPELINE).path("savepoint"),
        s -> reason.equals(s.path("reason").asText()) && jobId.equals(s.path("jobId").asText())).path("path").asText();
  }

  private static String sqlAtLeast(BigDecimal amount) {
    return "INSERT INTO large_payments\nSELECT payment_id, account, amount, paid_at\nFROM payments\nWHERE amount >= "
        + amount + ";\n";
  }

  /** Calls the REST API of the job manager that is Ready now, through a port-forward for the call. */
  private static <T> T withFlink(Function<FlinkRest, T> call) {
    Pod jobManager = awaitPod("jobmanager", KafkaToKafkaE2E::isReady);
    try (FlinkRest rest = FlinkRest.forward(client, namespace, jobManager.getMetadata().getName())) {
      return call.apply(rest);
    }
  }

  /** The id of the job that runs now, or null. */
  private static String runningJobId() {
    return withFlink(rest -> {
      for (JsonNode job : rest.get("/jobs/overview").path("jobs")) {
        if ("RUNNING".equals(job.path("state").asText())) {
          return job.path("jid").asText();
        }
      }
      return null;
    });
  }

  /** The parallelism the job's vertices run at, as Flink's REST API tells it. */
  private static int jobParallelism(String jobId) {
    return withFlink(rest -> rest.get("/jobs/" + jobId).path("vertices").get(0).path("parallelism").asInt());
  }

  /** How many checkpoints of the job were triggered after a moment (epoch milliseconds) and completed. */
  private static long completedCheckpoints(FlinkRest rest, String jobId, long since) {
    long completed = 0;
    for (JsonNode checkpoint : rest.get("/jobs/" + jobId + "/checkpoints").path("history")) {
      if ("COMPLETED".equals(checkpoint.path("status").asText()) && checkpoint.path("trigger_timestamp").asLong() > since) {
        completed++;
      }
    }
    return completed;
  }

  private static boolean checkpointedSince(String jobId, long since) {
    return withFlink(rest -> completedCheckpoints(rest, jobId, since) >= 1);
  }

  /** The job manager and task manager pods of the Pipeline, by name. */
  private static Set<String> flinkPods() {
    return client.pods().inNamespace(namespace).withLabel("sluice.dev/pipeline", PIPELINE).list().getItems().stream()
        .map(p -> p.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Waits for a job, on new pods, that says through Flink's REST API that it restored exactly that savepoint. */
  private static void awaitRestoredFrom(String savepoint, Set<String> oldPods) {
    JsonNode restored = awaitRestoredJob(oldPods);
    assertEquals(savepoint, restored.path("external_path").asText(), "restored from: " + restored);
    assertTrue(restored.path("is_savepoint").asBoolean(), restored.toString());
  }

  /**
   * Waits for a new job manager and task manager, none of {@code oldPods}, whose job runs, and
   * returns what it restored as Flink's REST API tells it (id, external_path, is_savepoint).
   */
  private static JsonNode awaitRestoredJob(Set<String> oldPods) {
    Pod jobManager = awaitPod("jobmanager", p -> isReady(p) && !oldPods.contains(p.getMetadata().getName()));
    awaitPod("taskmanager", p -> "Running".equals(p.getStatus().getPhase())
        && !oldPods.contains(p.getMetadata().getName()));
    try (FlinkRest rest = FlinkRest.forward(client, namespace, jobManager.getMetadata().getName())) {
      JsonNode restored = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
          .ignoreExceptions().until(() -> {
            JsonNode job = rest.get("/jobs/overview").path("jobs").get(0);
            return "RUNNING".equals(job.path("state").asText())
                ? rest.get("/jobs/" + job.path("jid").asText() + "/checkpoints").path("latest").path("restored")
                : null;
          }, r -> r != null && !r.isMissingNode() && !r.isNull());
      log("new job restored " + restored);
      return restored;
    }
  }

  private static Event awaitEvent(String reason, String messageStart) {
    return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(
        () -> pipelineEvents(reason).filter(e -> e.getMessage().startsWith(messageStart)).findFirst().orElse(null),
        e -> e != null);
  }

  /** The Pipeline's events with that reason, as the API server lists them. */
  private static Stream<Event> pipelineEvents(String reason) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> PIPELINE.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()));
  }

  /** Whether the container's own or else its pod's security context has the kubelet refuse root. */
  private static boolean requiresNonRoot(Pod pod, Container container) {
    Boolean own = container.getSecurityContext() == null ? null : container.getSecurityContext().getRunAsNonRoot();
    Boolean pods = pod.getSpec().getSecurityContext() == null ? null
        : pod.getSpec().getSecurityContext().getRunAsNonRoot();
    return Boolean.TRUE.equals(own != null ? own : pods);
  }

  /** The resources, or URLs, that {@code kubectl auth can-i --list} allows a verb on that writes. */
  private static Set<String> writableResources(String rules) {
    Set<String> writes = Set.of("create", "update", "patch", "delete", "deletecollection", "*", "bind", "escalate",
        "impersonate");
    return rules.lines().filter(l -> !l.isBlank())
        .filter(l -> Arrays.stream(l.substring(l.lastIndexOf('[') + 1, l.lastIndexOf(']')).split(" "))
            .anyMatch(writes::contains))
        .map(l -> l.strip().split("\\s+")[0])
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static boolean condition(JsonNode status, String type) {
    for (JsonNode condition : status.path("conditions")) {
      if (type.equals(condition.path("type").asText())) {
        return "True".equals(condition.path("status").asText());
      }
    }
    return false;
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  private static Set<String> keys(List<ConsumerRecord<String, String>> records) {
    List<String> ids = records.stream().map(r -> {
      try {
        return JSON.readTree(r.value()).path("payment_id").asText();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).toList();
    return new TreeSet<>(ids);
  }

  /** Sets the operator's replicas with Helm, as a user does, and waits until that many are Ready. */
  private static void scaleOperator(int replicas) {
    cli.helm("upgrade", "sluice", Cli.repoRoot().resolve("helm/sluice").toString(), "-n", OPERATOR_NAMESPACE,
        "--reuse-values", "--set", "replicas=" + replicas, "--wait", "--timeout", "3m");
    await().atMost(Duration.ofMinutes(3)).until(() -> operatorPods().stream().filter(KafkaToKafkaE2E::isReady).count(),
        ready -> ready == replicas);
  }

  /** The operator's pods that are not being deleted. */
  private static List<Pod> operatorPods() {
    return client.pods().inNamespace(OPERATOR_NAMESPACE).withLabel("app.kubernetes.io/name", "sluice-operator").list()
        .getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  /** Waits until two operator replicas are Ready and one of them holds the lease, and returns the leader's pod. */
  private static String awaitStandbyAndLeader() {
    return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
      List<String> ready = operatorPods().stream().filter(KafkaToKafkaE2E::isReady).map(p -> p.getMetadata().getName())
          .toList();
      Lease lease = client.leases().inNamespace(OPERATOR_NAMESPACE).withName("sluice-operator-leader").get();
      String holder = lease == null ? null : lease.getSpec().getHolderIdentity();
      return ready.size() < 2 || holder == null ? null : ready.stream().filter(holder::contains).findFirst().orElse(null);
    }, Objects::nonNull);
  }

  private static long pipelineGeneration() {
    return client.genericKubernetesResources("sluice.dev/v1alpha1", "Pipeline").inNamespace(namespace)
        .withName(PIPELINE).get().getMetadata().getGeneration();
  }

  /**
   * Waits for a moment of the upgrade that {@code before} preceded, then a random while more, and
   * says what status showed at the end of it.
   */
  private static String awaitMoment(UpgradeMoment moment, JsonNode before, Random random) throws InterruptedException {
    String oldSavepoint = before.path("savepoint").path("path").asText();
    Predicate<JsonNode> taken = s -> !oldSavepoint.equals(s.path("savepoint").path("path").asText());
    Predicate<JsonNode> reached = switch (moment) {
      case BEFORE_SAVEPOINT -> s -> true;
      case DURING_SAVEPOINT -> taken.or(s -> s.has("pendingSavepoint"));
      case BEFORE_REDEPLOY -> taken;
    };
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> status(PIPELINE), reached);
    Thread.sleep(random.nextInt(moment == UpgradeMoment.BEFORE_SAVEPOINT ? 300 : 500));
    JsonNode now = status(PIPELINE);
    if (now.has("pendingSavepoint")) {
      return "status: savepoint in progress";
    }
    if (!taken.test(now)) {
      return "status: no savepoint yet";
    }
    return now.path("planHash").asText().equals(before.path("planHash").asText())
        ? "status: savepoint written, old plan deployed" : "status: new plan deployed";
  }

  /**
   * Exactly one job manager pod, whose only job not ended is {@code jobId}; the Pipeline's two
   * Deployments; and of its ConfigMaps only the plans and the HA entries of the cluster and that job.
   */
  private static void assertOneJobAndNothingOrphaned(String jobId) {
    List<String> jobManagers = client.pods().inNamespace(namespace).withLabel("sluice.dev/pipeline", PIPELINE)
        .withLabel("app.kubernetes.io/component", "jobmanager").list().getItems().stream()
        .map(p -> p.getMetadata().getName()).toList();
    assertEquals(1, jobManagers.size(), "job manager pods: " + jobManagers);
    List<String> notEnded = withFlink(rest -> {
      List<String> jobs = new ArrayList<>();
      for (JsonNode job : rest.get("/jobs/overview").path("jobs")) {
        if (!Set.of("FINISHED", "CANCELED", "FAILED").contains(job.path("state").asText())) {
          jobs.add(job.path("jid").asText() + " " + job.path("state").asText());
        }
      }
      return jobs;
    });
    assertEquals(List.of(jobId + " RUNNING"), notEnded, "jobs not ended");
    Set<String> deployments = client.apps().deployments().inNamespace(namespace)
        .withLabel("sluice.dev/pipeline", PIPELINE).list().getItems().stream().map(d -> d.getMetadata().getName())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(Set.of(PIPELINE + "-jobmanager", TASK_MANAGER), deployments, "Deployments");
    Set<String> highAvailability = client.configMaps().inNamespace(namespace).withLabel("app", "sluice-" + PIPELINE)
        .withLabel("type", "flink-native-kubernetes").list().getItems().stream().map(c -> c.getMetadata().getName())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(Set.of("sluice-" + PIPELINE + "-" + jobId + "-config-map", "sluice-" + PIPELINE + "-cluster-config-map"),
        highAvailability, "Flink's HA ConfigMaps");
    Set<String> plans = client.configMaps().inNamespace(namespace).withLabel("sluice.dev/pipeline", PIPELINE).list()
        .getItems().stream().map(c -> c.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new));
    assertTrue(Set.of(PIPELINE + "-plan", PIPELINE + "-stable-plan").containsAll(plans), "the operator's ConfigMaps: "
        + plans);
  }

  private static JsonNode status(String pipeline) {
    GenericKubernetesResource resource = client.genericKubernetesResources("sluice.dev/v1alpha1", "Pipeline")
        .inNamespace(namespace).withName(pipeline).get();
    return resource == null ? JSON.createObjectNode()
        : JSON.valueToTree(resource.getAdditionalProperties().getOrDefault("status", Map.of()));
  }

  private static Pod awaitPod(String component, Predicate<Pod> condition) {
    return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(
        () -> client.pods().inNamespace(namespace).withLabel("sluice.dev/pipeline", PIPELINE)
            .withLabel("app.kubernetes.io/component", component).list().getItems().stream()
            .filter(condition).findFirst().orElse(null),
        p -> p != null);
  }

  private static boolean isReady(Pod pod) {
    return pod != null && pod.getStatus() != null && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Where the time from kubectl apply to RUNNING went, from the objects' own timestamps. */
  private static void logTimeline(long appliedNanos, JsonNode job) {
    Instant applied = Instant.now().minusNanos(System.nanoTime() - appliedNanos);
    StringBuilder line = new StringBuilder("timeline after kubectl apply:");
    for (String component : List.of("jobmanager", "taskmanager")) {
      Pod pod = client.pods().inNamespace(namespace).withLabel("sluice.dev/pipeline", PIPELINE)
          .withLabel("app.kubernetes.io/component", component).list().getItems().stream().findFirst().orElse(null);
      if (pod == null) {
        continue;
      }
      line.append(String.format(Locale.ROOT, " %s pod created +%.1fs", component,
          since(applied, pod.getMetadata().getCreationTimestamp())));
      pod.getStatus().getContainerStatuses().stream()
          .filter(c -> c.getState().getRunning() != null).findFirst()
          .ifPresent(c -> line.append(String.format(Locale.ROOT, ", started +%.1fs",
              since(applied, c.getState().getRunning().getStartedAt()))));
      line.append(';');
    }
    line.append(String.format(Locale.ROOT, " job submitted +%.1fs; RUNNING +%.1fs",
        (job.path("start-time").asLong() - applied.toEpochMilli()) / 1000.0,
        (System.nanoTime() - appliedNanos) / 1e9));
    log(line.toString());
  }

  private static double since(Instant start, String timestamp) {
    return Duration.between(start, Instant.parse(timestamp)).toMillis() / 1000.0;
  }

  /** The value under a column of kubectl's table for the Pipeline: kubectl aligns it with the header. */
  private static String cell(String table, String column) {
    List<String> lines = table.lines().toList();
    String header = lines.get(0);
    String row = lines.stream().filter(l -> l.startsWith(PIPELINE + " ")).findFirst().orElseThrow();
    int start = header.indexOf(column);
    int next = header.indexOf(' ', start);
    while (next >= 0 && next < header.length() && header.charAt(next) == ' ') {
      next++;
    }
    int end = next < 0 || next >= header.length() ? row.length() : Math.min(next, row.length());
    return start >= row.length() ? "" : row.substring(start, end).strip();
  }

  private static String chartAppVersion() {
    try {
      return Files.readAllLines(Cli.repoRoot().resolve("helm/sluice/Chart.yaml")).stream()
          .filter(l -> l.startsWith("appVersion:")).findFirst().orElseThrow()
          .substring("appVersion:".length()).replace("\"", "").strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void log(String message) {
    System.out.println("[e2e] " + message);
  }
}
