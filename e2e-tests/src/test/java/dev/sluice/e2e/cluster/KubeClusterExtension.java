package dev.sluice.e2e.cluster;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives end-to-end tests a real Kubernetes cluster ({@link KubeCluster}): one node started through
 * Testcontainers' K3sContainer, or the cluster of {@code -Dsluice.e2e.kubeconfig}. The cluster is
 * started once per test run, shared by every class that uses the extension, and stopped (with its
 * container, volumes and cgroups) when the run ends.
 *
 * <pre>{@code
 * class MyE2E {
 *   @RegisterExtension
 *   static final KubeClusterExtension CLUSTER =
 *       KubeClusterExtension.withImages("sluice/debian-jre17:bookworm");
 *
 *   @Test
 *   void works(KubeCluster cluster) {
 *     cluster.client().pods().inNamespace("default").list();
 *     // kubectl/helm: --kubeconfig cluster.kubeconfig()
 *   }
 * }
 * }</pre>
 *
 * <p>A plain {@code @ExtendWith(KubeClusterExtension.class)} works too, loading no images. Images
 * are local Docker images, loaded into the node before a class's tests run (pods use them with
 * {@code imagePullPolicy: Never} or {@code IfNotPresent}); the cluster can also be a parameter of
 * {@code @BeforeAll} methods and test constructors.
 */
public final class KubeClusterExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KubeClusterExtension.class);

  private final Set<String> images;

  /** Loads no images. */
  public KubeClusterExtension() {
    this(List.of());
  }

  private KubeClusterExtension(List<String> images) {
    this.images = new LinkedHashSet<>(images);
  }

  /** Loads these local Docker images into the node before the class's tests. */
  public static KubeClusterExtension withImages(String... images) {
    return new KubeClusterExtension(List.of(images));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster(context).loadImages(images);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KubeCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return cluster(context);
  }

  /** The run's cluster, started by the first class that asks; closed when the run ends. */
  private KubeCluster cluster(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            KubeCluster.class, key -> KubeCluster.fromSystemProperties(images), KubeCluster.class);
  }
}
