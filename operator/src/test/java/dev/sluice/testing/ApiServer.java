package dev.sluice.testing;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real kube-apiserver backed by a real etcd, started from the binaries that
 * {@code hack/kube-test-binaries.sh} builds, with Sluice's CRDs installed. One instance serves a
 * whole test run; tests isolate themselves with a namespace each.
 */
public final class ApiServer implements AutoCloseable {

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final KubeAPIServer server;
  private final KubernetesClient client;
  private final Path kubeconfig;
  private final Path binaries;

  private ApiServer(KubeAPIServer server, KubernetesClient client, Path kubeconfig, Path binaries) {
    this.server = server;
    this.client = client;
    this.kubeconfig = kubeconfig;
    this.binaries = binaries;
  }

  static ApiServer start() throws IOException {
    return start(Map.of());
  }

  /** A server started with more kube-apiserver flags, such as an audit log for a benchmark. */
  public static ApiServer start(Map<String, String> flags) throws IOException {
    String version = TestPaths.kubeVersion();
    Path binaries = TestPaths.kubeBinaries(version);
    if (!Files.isExecutable(binaries.resolve("kube-apiserver"))) {
      throw new IllegalStateException("No kube-apiserver " + version + " in " + binaries
          + ". Build it (offline, from Go modules) with: hack/kube-test-binaries.sh");
    }
    // Configured in code: kube-api-test 7.x throws on its own boolean and integer environment variables.
    KubeAPIServerConfigBuilder config = KubeAPIServerConfigBuilder.anAPIServerConfig();
    flags.forEach(config::withApiServerFlag);
    KubeAPIServer server = new KubeAPIServer(config
        .withApiServerVersion(version)
        .withOfflineMode(true)
        .withUpdateKubeConfig(false)
        .withWaitForEtcdHealthCheckOnStartup(true)
        // Serve on loopback only; the etcd that kube-api-test starts is kept on loopback by the
        // wrapper that hack/kube-test-binaries.sh installs.
        .withApiServerFlag("--bind-address", "127.0.0.1")
        .build());
    server.start();
    Path kubeconfig = Files.createTempFile("sluice-test-kubeconfig", ".yaml");
    Files.writeString(kubeconfig, server.getKubeConfigYaml());
    KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
        .build();
    ApiServer apiServer = new ApiServer(server, client, kubeconfig, binaries);
    apiServer.installCrds();
    return apiServer;
  }

  private void installCrds() throws IOException {
    try (Stream<Path> files = Files.list(TestPaths.chartCrds())) {
      for (Path file : files.sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
          client.resource(crd).fieldManager("sluice-tests").forceConflicts().serverSideApply();
          client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
              .waitUntilCondition(this::established, 30, TimeUnit.SECONDS);
        }
      }
    }
  }

  private boolean established(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  public KubernetesClient client() {
    return client;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** Creates a fresh namespace for one test. */
  public String newNamespace(String prefix) {
    String name = prefix + "-" + NAMESPACES.incrementAndGet();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /** Creates the resources in some files of an example set under examples/. */
  public void createExample(String namespace, String example, String... files) throws IOException {
    for (String file : files) {
      try (InputStream in = Files.newInputStream(TestPaths.examples().resolve(example).resolve(file))) {
        client.load(in).inNamespace(namespace).create();
      }
    }
  }

  /** The Events about one resource. */
  public List<Event> events(String namespace, String involvedName) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> involvedName.equals(e.getInvolvedObject().getName())).toList();
  }

  /** Runs the kubectl built with the API server against it; returns stdout, or fails with stderr. */
  public String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binaries.resolve("kubectl").toString(),
        "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    process.getErrorStream().transferTo(err);
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed: " + err.toString(StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    client.close();
    server.stop();
    Files.deleteIfExists(kubeconfig);
  }
}
