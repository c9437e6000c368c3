package dev.sluice.benchmark;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.fixtures.Machine;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanBuilder;
import dev.sluice.plan.PlanDefaults;
import dev.sluice.testing.ApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceCIDRBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * How many Pipelines one operator carries: for each size, a real kube-apiserver and etcd, the
 * floor (a bare client writing the same objects), then the operator in its own capped JVM while N
 * Pipelines and their Datasets are applied. It measures the time until every Pipeline is
 * Deploying, the operator's API requests (counted by the API server's audit log) on the way and
 * per minute afterwards while no job manager answers, and the operator's live heap and CPU. A
 * benchmark, not a test: nothing here is asserted.
 *
 * <p>Run from the repository root: {@code ./mvnw -q -pl operator -am test-compile
 * -Poperator-benchmark}. Sizes are system properties passed through {@code benchmark.options}:
 * {@code -Dbenchmark.options="-Dbenchmark.pipelines=100 -Dbenchmark.steadyMinutes=1"}, and
 * {@code -Dbenchmark.clients=} (threads that apply, for the user and for the floor alike) and
 * {@code -Dbenchmark.operatorJvm=} (more options for the operator's JVM, such as a flight recording).
 */
public final class OperatorScaleBenchmark {

  private static final String FIELD_MANAGER = "sluice-benchmark";
  private static final String USER_AGENT = "sluice-benchmark";
  private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(30);

  private final int clients;
  private final int steadyMinutes;
  private final List<String> operatorJvm;

  private OperatorScaleBenchmark(int clients, int steadyMinutes, List<String> operatorJvm) {
    this.clients = clients;
    this.steadyMinutes = steadyMinutes;
    this.operatorJvm = operatorJvm;
  }

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = Arrays.stream(System.getProperty("benchmark.pipelines", "100,300,1000").split(","))
        .map(String::trim).map(Integer::parseInt).toList();
    int steadyMinutes = Integer.getInteger("benchmark.steadyMinutes", 2);
    int clients = Integer.getInteger("benchmark.clients", 8);
    List<String> operatorJvm = Arrays.stream(System.getProperty("benchmark.operatorJvm", "").split(" "))
        .filter(option -> !option.isBlank()).toList();
    System.out.printf(Locale.ROOT, "Operator at scale: %s Pipelines (each with 2 Datasets), %d applying clients,"
        + " %d minutes of unreachable job managers after all are Deploying; operator JVM: operator/jvm.options"
        + " -XX:ActiveProcessorCount=2 -Xmx%s %s%n", sizes, clients, steadyMinutes, OperatorProcess.MAX_HEAP,
        String.join(" ", operatorJvm));
    System.out.println("machine: " + Machine.describe());
    // Interrupted, it leaves no API server, etcd or operator behind.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
        .forEach(ProcessHandle::destroy)));
    OperatorScaleBenchmark benchmark = new OperatorScaleBenchmark(clients, steadyMinutes, operatorJvm);
    List<ScaleResult> results = new ArrayList<>();
    for (int size : sizes) {
      ScaleResult result = benchmark.run(size);
      results.add(result);
      // Printed as soon as known, so that a run cut short still tells.
      System.out.println(result.row(steadyMinutes));
      result.printRequests(steadyMinutes);
    }
    ScaleResult.print(results, steadyMinutes);
    System.out.println("machine at the end: load " + Machine.loadAverage());
  }

  private ScaleResult run(int pipelines) throws Exception {
    Path directory = Files.createTempDirectory("sluice-scale-" + pipelines + "-");
    AuditLog audit = AuditLog.in(directory);
    try (ApiServer api = ApiServer.start(audit.flags())) {
      moreServiceAddresses(api.client());
      BusyMachine floorBusy = BusyMachine.start();
      Duration floor = floor(api, pipelines);
      double floorCores = floorBusy.cores();
      log("%d Pipelines: floor %.1f s, %.2f cores busy", pipelines, floor.toMillis() / 1000.0, floorCores);
      ScaleResult.Builder result = new ScaleResult.Builder(pipelines, floor, floorCores);
      sluice(api, pipelines, directory, result);
      return result.requests(audit.requestsOf(OperatorProcess.USER_AGENT)).build();
    }
  }

  /**
   * kube-api-test fixes the Service range at a /24, 254 addresses, fewer than the floor and the
   * operator need at 1,000 Pipelines (two Services each); a ServiceCIDR adds a /16. No traffic goes
   * to these addresses: nothing here routes Services.
   */
  private static void moreServiceAddresses(KubernetesClient client) {
    client.resource(new ServiceCIDRBuilder().withNewMetadata().withName("sluice-benchmark").endMetadata()
        .withNewSpec().withCidrs("10.200.0.0/16").endSpec().build()).create();
  }

  /** The floor: the same Pipelines applied, and each one's objects written by a bare client as it appears. */
  private Duration floor(ApiServer api, int pipelines) throws Exception {
    String namespace = api.newNamespace("floor");
    List<ScaleWorkload> workloads = workloads(namespace, pipelines);
    Map<String, PipelinePlan> plans = workloads.stream().collect(Collectors.toMap(ScaleWorkload::pipeline,
        workload -> plan(api.client(), workload)));
    ExecutorService writers = Executors.newFixedThreadPool(clients);
    try (KubernetesClient user = client(api, USER_AGENT); KubernetesClient bare = client(api, Floor.USER_AGENT)) {
      Floor floor = new Floor(bare);
      Instant start = Instant.now();
      List<CompletableFuture<Void>> written = new ArrayList<>();
      apply(user, workloads, pipeline -> written.add(CompletableFuture.runAsync(
          () -> floor.deploy(pipeline, plans.get(pipeline.getMetadata().getName())), writers)));
      CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).join();
      return Duration.between(start, Instant.now());
    } finally {
      writers.shutdownNow();
    }
  }

  private void sluice(ApiServer api, int pipelines, Path directory, ScaleResult.Builder result) throws Exception {
    String namespace = api.newNamespace("sluice");
    Path log = directory.resolve("operator.log");
    try (KubernetesClient user = client(api, USER_AGENT);
         OperatorProcess operator = OperatorProcess.start(api.kubeconfig(), namespace, log, operatorJvm);
         DeployingWatch watch = new DeployingWatch(user, namespace, pipelines)) {
      Duration cpuAtStart = operator.cpu();
      BusyMachine busy = BusyMachine.start();
      Instant start = Instant.now();
      apply(user, workloads(namespace, pipelines), pipeline -> { });
      Instant deploying = watch.awaitAll(DEPLOY_TIMEOUT);
      Duration cpuAtDeploying = operator.cpu();
      double cores = busy.cores();
      log("%d Pipelines: all Deploying after %.1f s, %.2f cores busy; operator log %s", pipelines,
          Duration.between(start, deploying).toMillis() / 1000.0, cores, log);
      long heapAtDeploying = operator.liveHeapBytes();
      for (int minute = 1; minute <= steadyMinutes; minute++) {
        Thread.sleep(Duration.between(Instant.now(), deploying.plus(Duration.ofMinutes(minute))).toMillis());
        log("%d Pipelines: %d minute(s) of unreachable job managers", pipelines, minute);
      }
      result.operator(start, deploying, steadyMinutes, cpuAtDeploying.minus(cpuAtStart), operator.cpu().minus(cpuAtDeploying),
          heapAtDeploying, operator.liveHeapBytes()).machine(cores);
    }
  }

  /** Applies each workload's Datasets and Pipeline, as a user would, and hands on each Pipeline as the server has it. */
  private void apply(KubernetesClient client, List<ScaleWorkload> workloads, Consumer<Pipeline> applied) {
    ExecutorService users = Executors.newFixedThreadPool(clients);
    try {
      CompletableFuture.allOf(workloads.stream().map(workload -> CompletableFuture.runAsync(() -> {
        Pipeline pipeline = null;
        for (HasMetadata resource : workload.resources(client)) {
          HasMetadata created = client.resource(resource).fieldManager(FIELD_MANAGER).forceConflicts()
              .serverSideApply();
          if (created instanceof Pipeline p) {
            pipeline = p;
          }
        }
        synchronized (applied) {
          applied.accept(pipeline);
        }
      }, users)).toArray(CompletableFuture[]::new)).join();
    } finally {
      users.shutdownNow();
    }
  }

  /**
   * A client of the benchmark's own, named by its User-Agent. It waits a minute for an answer, not
   * Fabric8's 10 seconds: on a loaded machine a slow write must not end the run, and the floor
   * measures the server, retries aside.
   */
  private static KubernetesClient client(ApiServer api, String userAgent) throws java.io.IOException {
    Config config = Config.fromKubeconfig(Files.readString(api.kubeconfig()));
    config.setUserAgent(userAgent);
    config.setRequestTimeout((int) Duration.ofMinutes(1).toMillis());
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static PipelinePlan plan(KubernetesClient client, ScaleWorkload workload) {
    Pipeline pipeline = (Pipeline) workload.resources(client).get(2);
    return PlanBuilder.build(workload.namespace(), workload.pipeline(), pipeline.getSpec(), workload.datasetSpecs(),
        PlanDefaults.forStorage(OperatorProcess.STORAGE)).plan();
  }

  private static List<ScaleWorkload> workloads(String namespace, int pipelines) {
    return IntStream.range(0, pipelines).mapToObj(index -> new ScaleWorkload(namespace, index)).toList();
  }

  static void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, "  [%s, load %s] %s%n", Instant.now().toString().substring(11, 19),
        Machine.loadAverage(), String.format(Locale.ROOT, format, args));
  }
}
