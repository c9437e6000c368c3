package dev.sluice.testing;

import java.nio.file.Path;

/** Where tests find the repository's files and the Kubernetes binaries; Maven passes them in. */
public final class TestPaths {

  private TestPaths() {
  }

  public static Path repoRoot() {
    String root = System.getProperty("sluice.repo.root");
    if (root == null) {
      throw new IllegalStateException("System property sluice.repo.root is not set; run the tests through Maven");
    }
    return Path.of(root);
  }

  public static Path examples() {
    return repoRoot().resolve("examples");
  }

  /** The operator image's JVM options, an argument file for {@code java @file}. */
  public static Path operatorJvmOptions() {
    return repoRoot().resolve("operator/jvm.options");
  }

  public static Path chartCrds() {
    return repoRoot().resolve("helm/sluice/crds");
  }

  static String kubeVersion() {
    String version = System.getProperty("sluice.kube.version");
    if (version == null) {
      throw new IllegalStateException("System property sluice.kube.version is not set; run the tests through Maven");
    }
    return version;
  }

  /** The Helm that hack/helm.sh provides. */
  public static Path helm() {
    String version = System.getProperty("sluice.helm.version");
    if (version == null) {
      throw new IllegalStateException("System property sluice.helm.version is not set; run the tests through Maven");
    }
    String cache = System.getenv().getOrDefault("XDG_CACHE_HOME",
        Path.of(System.getProperty("user.home"), ".cache").toString());
    String tools = System.getenv().getOrDefault("SLUICE_TOOLS_DIR", Path.of(cache, "sluice", "tools").toString());
    return Path.of(tools, "helm-v" + version, "helm");
  }

  /** The directory layout io.fabric8:kube-api-test reads. */
  static Path kubeBinaries(String version) {
    String base = System.getenv().getOrDefault("KUBE_API_TEST_DIR",
        Path.of(System.getProperty("user.home"), ".kubeapitest").toString());
    return Path.of(base, "k8s", version + "-linux-amd64");
  }
}
