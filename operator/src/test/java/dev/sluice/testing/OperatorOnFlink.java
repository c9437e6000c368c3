package dev.sluice.testing;

import dev.sluice.flink.FlinkTestCluster;
import dev.sluice.operator.OperatorSettings;
import dev.sluice.operator.SluiceOperator;
import org.apache.flink.streaming.util.TestStreamEnvironment;

import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * The operator watching a namespace of its own, with the stand-in job manager running its
 * Pipelines' plans on a real Flink MiniCluster: what a test class that runs pipelines starts once.
 */
public final class OperatorOnFlink implements AutoCloseable {

  private final ApiServer api;
  private final FlinkTestCluster flink;
  private final String namespace;
  private final MiniClusterJobManager jobManager;
  private final OperatorSettings settings;
  private SluiceOperator operator;

  private OperatorOnFlink(ApiServer api, FlinkTestCluster flink, String namespace, OperatorSettings settings,
      SluiceOperator operator, MiniClusterJobManager jobManager) {
    this.api = api;
    this.flink = flink;
    this.namespace = namespace;
    this.settings = settings;
    this.operator = operator;
    this.jobManager = jobManager;
  }

  /** Creates a namespace named after {@code prefix} and starts both on it. */
  public static OperatorOnFlink start(ApiServer api, FlinkTestCluster flink, String prefix) {
    return start(api, flink, prefix, UnaryOperator.identity());
  }

  /** @param settings changes to the test settings of the new namespace */
  public static OperatorOnFlink start(ApiServer api, FlinkTestCluster flink, String prefix,
      UnaryOperator<OperatorSettings> settings) {
    // The runtime submits its job to the context environment, as it does in a job manager pod.
    TestStreamEnvironment.setAsContext(flink.miniCluster(), 1);
    String namespace = api.newNamespace(prefix);
    OperatorSettings changed = settings.apply(TestSettings.watching(namespace));
    return new OperatorOnFlink(api, flink, namespace, changed, started(api, flink, changed),
        new MiniClusterJobManager(api.client(), namespace, flink));
  }

  private static SluiceOperator started(ApiServer api, FlinkTestCluster flink, OperatorSettings settings) {
    SluiceOperator operator = new SluiceOperator(api.client(), settings, flink.resolver(), Clock.systemUTC());
    operator.start();
    return operator;
  }

  /** Stops the operator and starts a new one, as a new pod would, leaving the jobs running. */
  public void restartOperator() {
    operator.close();
    operator = started(api, flink, settings);
  }

  public String namespace() {
    return namespace;
  }

  public SluiceOperator operator() {
    return operator;
  }

  public MiniClusterJobManager jobManager() {
    return jobManager;
  }

  @Override
  public void close() {
    jobManager.close();
    operator.close();
    TestStreamEnvironment.unsetAsContext();
  }
}
