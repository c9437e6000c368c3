package dev.sluice.reconciler.pipeline;

import dev.sluice.plan.PlanJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Everything a Pipeline's Flink cluster is made of, as desired state. */
public final class FlinkCluster {

  public static final String PLAN_KEY = "plan.json";
  public static final String FLINK_CONFIG_KEY = "config.yaml";
  static final String LOG_CONFIG_KEY = "log4j-console.properties";

  /** Flink's entrypoints look for this file; it sends the cluster's logs to stdout. */
  private static final String LOG_CONFIG = """
      rootLogger.level = INFO
      rootLogger.appenderRef.console.ref = ConsoleAppender
      appender.console.name = ConsoleAppender
      appender.console.type = CONSOLE
      appender.console.layout.type = PatternLayout
      appender.console.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
      """;

  private FlinkCluster() {
  }

  public static List<HasMetadata> desired(ClusterInputs inputs, StateStorage storage) {
    ClusterNames names = ClusterNames.of(inputs.pipeline());
    String namespace = inputs.pipeline().getMetadata().getNamespace();
    List<HasMetadata> resources = new ArrayList<>();
    resources.add(planConfigMap(inputs, names, namespace, storage));
    resources.addAll(HaAccess.resources(names, namespace));
    resources.addAll(Services.resources(names, namespace));
    resources.add(FlinkPods.jobManager(inputs, storage));
    resources.add(FlinkPods.taskManager(inputs, storage));
    return resources;
  }

  private static ConfigMap planConfigMap(ClusterInputs inputs, ClusterNames names, String namespace,
      StateStorage storage) {
    return new ConfigMapBuilder()
        .withNewMetadata().withName(names.configMap()).withNamespace(namespace)
        .withLabels(names.labels("plan"))
        .withAnnotations(Map.of(FlinkPods.PLAN_ANNOTATION, inputs.plan().hash()))
        .endMetadata()
        .withData(Map.of(
            PLAN_KEY, PlanJson.write(inputs.plan()),
            FLINK_CONFIG_KEY, FlinkConfiguration.render(FlinkConfiguration.of(inputs, storage.uri())),
            LOG_CONFIG_KEY, LOG_CONFIG))
        .build();
  }
}
