package dev.sluice.e2e.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * A Kubernetes cluster for end-to-end tests: a single node started through Testcontainers'
 * {@link K3sContainer} (by default Sluice's locally built node image, {@code
 * sluice/kube-node}), or any existing cluster named by a kubeconfig file. Obtain one through
 * {@link KubeClusterExtension}; it is shared by the test classes of a run and stopped at its end.
 *
 * <p>Settings (system properties, which the e2e Maven profile passes on):
 *
 * <ul>
 *   <li>{@code sluice.e2e.kubeconfig}: a kubeconfig file; the tests then use that cluster and start
 *       none;
 *   <li>{@code sluice.e2e.k3sImage}: the node image (default {@value #DEFAULT_IMAGE}); {@code
 *       rancher/k3s:v1.34.x-k3s1} works where a registry is reachable;
 *   <li>{@code sluice.e2e.workDir}: where kubeconfigs, image archives and the node's log go
 *       (default {@code target/e2e}).
 * </ul>
 */
public final class KubeCluster implements AutoCloseable {

  public static final String DEFAULT_IMAGE = "sluice/kube-node:v1.34.10";
  /** Where K3s (and the node image) import image archives from when it starts. */
  static final String NODE_IMAGES_DIR = "/var/lib/rancher/k3s/agent/images/";

  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final int GRACEFUL_STOP_SECONDS = 60;
  /** The PID of the test JVM that started a node container. */
  private static final String OWNER_LABEL = "dev.sluice.e2e.owner-pid";

  private final K3sContainer node; // null for an existing cluster
  private final boolean localNodeImage;
  private final KubernetesClient client;
  private final Path kubeconfig;
  private final Path workDir;
  private final String description;
  private final Set<String> loadedImages = new LinkedHashSet<>();
  private final Thread stopOnExit = new Thread(this::close, "stop-kube-node");
  private boolean closed;

  private KubeCluster(
      K3sContainer node,
      boolean localNodeImage,
      KubernetesClient client,
      Path kubeconfig,
      Path workDir,
      String description) {
    this.node = node;
    this.localNodeImage = localNodeImage;
    this.client = client;
    this.kubeconfig = kubeconfig;
    this.workDir = workDir;
    this.description = description;
  }

  /** A client for the cluster, with cluster-admin rights. */
  public KubernetesClient client() {
    return client;
  }

  /** A kubeconfig file for the cluster, for kubectl and Helm ({@code --kubeconfig}). */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** Which cluster this is, for logs. */
  public String description() {
    return description;
  }

  /** True if the tests started the cluster's node (rather than using a given kubeconfig). */
  public boolean hasNode() {
    return node != null;
  }

  /** The images loaded into the node so far. */
  public Set<String> loadedImages() {
    return Set.copyOf(loadedImages);
  }

  /** Starts a cluster, or connects to the existing one, as the system properties say. */
  static KubeCluster fromSystemProperties(Set<String> images) {
    Path workDir =
        Path.of(System.getProperty("sluice.e2e.workDir", "target/e2e")).toAbsolutePath();
    String kubeconfig = System.getProperty("sluice.e2e.kubeconfig", "").trim();
    String image = System.getProperty("sluice.e2e.k3sImage", "").trim();
    try {
      Files.createDirectories(workDir);
      KubeCluster cluster =
          kubeconfig.isEmpty()
              ? start(image.isEmpty() ? DEFAULT_IMAGE : image, images, workDir)
              : existing(Path.of(kubeconfig).toAbsolutePath(), workDir);
      cluster.loadImages(images);
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KubeCluster existing(Path kubeconfig, Path workDir) throws IOException {
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    String description =
        "existing cluster "
            + config.getMasterUrl()
            + " (kubeconfig "
            + kubeconfig
            + ", Kubernetes "
            + client.getKubernetesVersion().getGitVersion()
            + ")";
    log("running on " + description);
    return new KubeCluster(null, false, client, kubeconfig, workDir, description);
  }

  private static KubeCluster start(String image, Set<String> images, Path workDir)
      throws IOException {
    DockerImageName name = DockerImageName.parse(image).asCompatibleSubstituteFor("rancher/k3s");
    boolean local = isLocalNodeImage(image);
    DockerClient docker = DockerClientFactory.instance().client();
    if (local && docker.listImagesCmd().withImageNameFilter(image).exec().isEmpty()) {
      throw new IllegalStateException(
          "the node image "
              + image
              + " is not in Docker: build it with hack/kube-node-image.sh (no registry serves it)");
    }
    K3sContainer node = new K3sContainer(name);
    if (local) {
      // Built here, never pulled; and --privileged fails on machines whose Docker lacks
      // CAP_SYS_RESOURCE in its bounding set. The node image needs less: every capability but
      // that one, no seccomp or AppArmor confinement, and /dev/kmsg for the kubelet. Its
      // entrypoint makes /proc/sys/net writable itself. rancher/k3s keeps K3sContainer's
      // privileged mode.
      node.withImagePullPolicy(imageName -> false)
          .withPrivilegedMode(false)
          .withCreateContainerCmdModifier(
              cmd ->
                  cmd.getHostConfig()
                      .withPrivileged(false)
                      .withCapAdd(Capability.ALL)
                      .withCapDrop(Capability.SYS_RESOURCE)
                      .withSecurityOpts(List.of("seccomp=unconfined", "apparmor=unconfined"))
                      .withDevices(Device.parse("/dev/kmsg")));
    }
    // Archives in the images directory are imported before the node reports itself ready.
    List<String> preloaded = new ArrayList<>();
    for (String preload : images) {
      Path archive = DockerImages.save(docker, preload, workDir.resolve("images"));
      node.withCopyFileToContainer(
          MountableFile.forHostPath(archive), NODE_IMAGES_DIR + archive.getFileName());
      preloaded.add(preload);
    }
    removeOrphanedNodes(docker);
    // Without Ryuk, a node whose JVM died is found (and removed) by the next run through this.
    node.withLabel(OWNER_LABEL, Long.toString(ProcessHandle.current().pid()));
    node.withStartupTimeout(START_TIMEOUT);
    Path nodeLog = workDir.resolve("node-" + UUID.randomUUID().toString().substring(0, 8) + ".log");
    long started = System.nanoTime();
    try {
      node.start();
    } catch (RuntimeException e) {
      String logs = node.getContainerId() == null ? "" : node.getLogs();
      Files.writeString(nodeLog, logs);
      stopQuietly(node);
      throw new IllegalStateException(
          "the node " + image + " did not start; its log (" + nodeLog + "):\n" + tail(logs, 40),
          e);
    }
    long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    String id = node.getContainerId().substring(0, 12);
    Path kubeconfig = workDir.resolve("kubeconfig-" + id + ".yaml");
    Files.writeString(kubeconfig, node.getKubeConfigYaml());
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(node.getKubeConfigYaml()))
            .build();
    String description =
        String.format(
            Locale.ROOT,
            "node %s from %s%s (container %s, API %s, Kubernetes %s, started in %.1f s)",
            node.getContainerInfo().getConfig().getHostName(),
            image,
            local ? ", a locally built single-node image compatible with K3sContainer" : "",
            id,
            client.getMasterUrl(),
            client.getKubernetesVersion().getGitVersion(),
            startMillis / 1000.0);
    log("running on " + description);
    log("kubeconfig: " + kubeconfig);
    KubeCluster cluster = new KubeCluster(node, local, client, kubeconfig, workDir, description);
    // Ctrl-C on Maven: the JVM's shutdown hooks still stop the node.
    Runtime.getRuntime().addShutdownHook(cluster.stopOnExit);
    cluster.loadedImages.addAll(preloaded);
    if (!preloaded.isEmpty()) {
      log("images in the node: " + String.join(", ", preloaded));
    }
    return cluster;
  }

  /**
   * Makes local Docker images available to the node's container runtime (pods use them with
   * {@code imagePullPolicy: Never} or {@code IfNotPresent}). Images loaded before are skipped. On
   * an existing cluster nothing can be loaded: the images must be there already.
   */
  public void loadImages(Set<String> images) {
    Set<String> missing = new LinkedHashSet<>(images);
    missing.removeAll(loadedImages);
    if (missing.isEmpty()) {
      return;
    }
    if (node == null) {
      log(
          "images not loaded (existing cluster: they must be available to it): "
              + String.join(", ", missing));
      loadedImages.addAll(missing);
      return;
    }
    DockerClient docker = DockerClientFactory.instance().client();
    for (String image : missing) {
      long started = System.nanoTime();
      Path archive = DockerImages.save(docker, image, workDir.resolve("images"));
      String target = NODE_IMAGES_DIR + archive.getFileName();
      node.copyFileToContainer(MountableFile.forHostPath(archive), target);
      // K3s imports its images directory only when it starts; its ctr can import later.
      ExecResult result =
          localNodeImage
              ? exec("import-images", target)
              : exec("ctr", "-n", "k8s.io", "images", "import", target);
      if (result.getExitCode() != 0) {
        throw new IllegalStateException(
            "importing " + image + " into the node failed: " + result.getStderr() + result.getStdout());
      }
      loadedImages.add(image);
      log(
          String.format(
              Locale.ROOT,
              "loaded %s into the node in %.1f s",
              image,
              (System.nanoTime() - started) / 1e9));
    }
  }

  /** Runs a command in the node's container (for a test's diagnostics). */
  public ExecResult exec(String... command) {
    if (node == null) {
      throw new IllegalStateException("no node container: the cluster is " + description);
    }
    try {
      return node.execInContainer(StandardCharsets.UTF_8, command);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a namespace with a unique name starting with the prefix; the caller deletes it. */
  public String createNamespace(String prefix) {
    String name =
        (prefix + "-" + UUID.randomUUID().toString().substring(0, 6)).toLowerCase(Locale.ROOT);
    Namespace ns =
        new NamespaceBuilder()
            .withNewMetadata()
            .withName(name)
            .addToLabels("sluice.dev/e2e", "true")
            .endMetadata()
            .build();
    client.namespaces().resource(ns).create();
    return name;
  }

  /**
   * The pods of a namespace with their phase and containers' states, and the namespace's latest
   * events: what a failed wait should say.
   */
  public String describe(String namespace) {
    StringBuilder out = new StringBuilder("pods in ").append(namespace).append(':');
    for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
      out.append("\n  ").append(pod.getMetadata().getName()).append(' ');
      out.append(pod.getStatus() == null ? "?" : pod.getStatus().getPhase());
      if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
        for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
          out.append("; ").append(c.getName()).append(": ");
          ContainerState state = c.getState();
          if (state == null) {
            out.append('?');
          } else if (state.getWaiting() != null) {
            out.append("waiting ").append(state.getWaiting().getReason());
            if (state.getWaiting().getMessage() != null) {
              out.append(" (").append(state.getWaiting().getMessage()).append(')');
            }
          } else if (state.getTerminated() != null) {
            out.append("terminated ")
                .append(state.getTerminated().getReason())
                .append(" exit ")
                .append(state.getTerminated().getExitCode());
          } else {
            out.append(Boolean.TRUE.equals(c.getReady()) ? "running, ready" : "running, not ready");
          }
        }
      }
    }
    List<Event> events = new ArrayList<>(client.v1().events().inNamespace(namespace).list().getItems());
    events.sort(
        java.util.Comparator.comparing(
            e -> e.getLastTimestamp() == null ? "" : e.getLastTimestamp()));
    out.append("\nevents:");
    for (Event e : events.subList(Math.max(0, events.size() - 15), events.size())) {
      out.append("\n  ")
          .append(e.getType())
          .append(' ')
          .append(e.getInvolvedObject().getName())
          .append(' ')
          .append(e.getReason())
          .append(": ")
          .append(e.getMessage());
    }
    return out.toString();
  }

  /** The names of the nodes whose Ready condition is True. */
  public List<String> readyNodes() {
    return client.nodes().list().getItems().stream()
        .filter(KubeCluster::isReady)
        .map(n -> n.getMetadata().getName())
        .collect(Collectors.toList());
  }

  static boolean isReady(Node node) {
    return node.getStatus() != null
        && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * Stops the node gracefully (its entrypoint stops the pods, the kubelet and the control plane
   * and removes the pods' cgroups), then removes its container and volumes. Testcontainers alone
   * would kill it, and Ryuk is not there to clean up.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    client.close();
    if (node == null) {
      return;
    }
    if (Thread.currentThread() != stopOnExit) {
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook runs, finds the cluster closed and returns
      }
    }
    long started = System.nanoTime();
    String id = node.getContainerId();
    Path nodeLog = workDir.resolve("node-" + id.substring(0, 12) + ".log");
    try {
      DockerClientFactory.instance()
          .client()
          .stopContainerCmd(id)
          .withTimeout(GRACEFUL_STOP_SECONDS)
          .exec();
    } catch (RuntimeException e) {
      log("graceful stop of the node failed, killing it: " + e);
    }
    try {
      Files.writeString(nodeLog, node.getLogs());
    } catch (IOException | RuntimeException e) {
      log("could not save the node's log: " + e);
    }
    node.stop();
    String leftovers = leftoverCgroups(id);
    log(
        String.format(
            Locale.ROOT,
            "stopped and removed the node in %.1f s (log %s)%s",
            (System.nanoTime() - started) / 1e9,
            nodeLog,
            leftovers.isEmpty() ? "" : "; WARNING: cgroups left behind: " + leftovers));
  }

  /** The node container's cgroups still on the host (cgroup v1 with Docker's cgroupfs driver). */
  static String leftoverCgroups(String containerId) {
    Path root = Path.of("/sys/fs/cgroup");
    if (!Files.isDirectory(root.resolve("memory/docker"))) {
      return "";
    }
    try (var controllers = Files.list(root)) {
      return controllers
          .map(c -> c.resolve("docker").resolve(containerId))
          .filter(Files::exists)
          .map(Path::toString)
          .collect(Collectors.joining(", "));
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Removes node containers started by test JVMs that are gone (killed before they could stop
   * them): Ryuk, which would otherwise do it, cannot run without a registry.
   */
  private static void removeOrphanedNodes(DockerClient docker) {
    for (com.github.dockerjava.api.model.Container c :
        docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(OWNER_LABEL)).exec()) {
      String owner = c.getLabels().get(OWNER_LABEL);
      boolean ownerAlive;
      try {
        ownerAlive = ProcessHandle.of(Long.parseLong(owner)).isPresent();
      } catch (NumberFormatException e) {
        ownerAlive = false;
      }
      if (!ownerAlive) {
        log("removing node container " + c.getId().substring(0, 12) + " of a test run that is gone");
        try {
          docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
        } catch (RuntimeException e) {
          log("could not remove it: " + e);
        }
      }
    }
  }

  private static boolean isLocalNodeImage(String image) {
    return DockerImageName.parse(image).getRepository().equals("sluice/kube-node");
  }

  private static void stopQuietly(K3sContainer node) {
    try {
      node.stop();
    } catch (RuntimeException ignored) {
      // the start failure is what matters
    }
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().collect(Collectors.toList());
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  static void log(String message) {
    // On stdout: it lands in each class's failsafe output next to the test's own lines.
    System.out.println("[e2e] " + message);
  }

  /** Saves local Docker images as archives, reusing one saved earlier for the same image ID. */
  static final class DockerImages {
    private DockerImages() {}

    static Path save(DockerClient docker, String image, Path dir) {
      try {
        String id = docker.inspectImageCmd(image).exec().getId().replace("sha256:", "");
        Files.createDirectories(dir);
        String base = image.replaceAll("[^A-Za-z0-9._-]", "_");
        Path archive = dir.resolve(base + "-" + id.substring(0, 12) + ".tar");
        if (!Files.exists(archive)) {
          Path partial = dir.resolve(archive.getFileName() + ".partial");
          try (InputStream in = docker.saveImageCmd(image).exec()) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
          }
          Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING);
          try (var old = Files.list(dir)) {
            String others = java.util.regex.Pattern.quote(base) + "-[0-9a-f]{12}\\.tar(\\.partial)?";
            old.filter(p -> p.getFileName().toString().matches(others))
                .filter(p -> !p.equals(archive))
                .forEach(
                    p -> {
                      try {
                        Files.deleteIfExists(p);
                      } catch (IOException ignored) {
                        // an old archive only takes space
                      }
                    });
          }
        }
        return archive;
      } catch (com.github.dockerjava.api.exception.NotFoundException e) {
        throw new IllegalStateException(
            "image "
                + image
                + " is not in the local Docker (build it first, e.g. hack/base-image.sh jre)",
            e);
      } catch (IOException e) {
        throw new UncheckedIOException("saving image " + image, e);
      }
    }
  }
}
