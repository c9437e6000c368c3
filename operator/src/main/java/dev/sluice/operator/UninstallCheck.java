package dev.sluice.operator;

import dev.sluice.api.pipeline.Pipeline;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Refuses to let the operator go while Pipelines exist: without it their pods would run on
 * unmanaged, and deleting a Pipeline afterwards would hang on its finalizer. The Helm chart runs
 * it as a pre-delete hook, in the operator's image and with its service account.
 */
public final class UninstallCheck {

  private UninstallCheck() {
  }

  /** The Pipelines still in the namespaces (all namespaces when empty), as namespace/name. */
  static List<String> remainingPipelines(KubernetesClient client, Set<String> namespaces) {
    Stream<Pipeline> pipelines = namespaces.isEmpty()
        ? client.resources(Pipeline.class).inAnyNamespace().list().getItems().stream()
        : namespaces.stream()
            .flatMap(ns -> client.resources(Pipeline.class).inNamespace(ns).list().getItems().stream());
    return pipelines.map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).sorted().toList();
  }

  /** The reason to refuse, or null when nothing stands in the way. */
  static String refusal(List<String> remaining) {
    if (remaining.isEmpty()) {
      return null;
    }
    return "Refusing to uninstall Sluice: " + remaining.size() + " Pipeline(s) still exist: "
        + String.join(", ", remaining) + ". Delete them first (kubectl delete pipelines --all -n <namespace>): each "
        + "stops with a savepoint and its pods go. Uninstalling with --no-hooks leaves their pods running unmanaged, "
        + "and a Pipeline deleted after that waits for its finalizer until the operator is back.";
  }

  public static void main(String[] args) {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      String refusal = refusal(remainingPipelines(client, settings.watchNamespaces()));
      if (refusal != null) {
        System.err.println(refusal);
        System.exit(1);
      }
      System.out.println("No Pipelines left: Sluice can be uninstalled.");
    }
  }
}
