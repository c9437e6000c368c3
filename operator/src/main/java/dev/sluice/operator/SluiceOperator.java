package dev.sluice.operator;

import dev.sluice.reconciler.EventRecorder;
import dev.sluice.reconciler.dataset.DatasetReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;

/** The operator process: reconcilers, leader election, metrics and probes. */
public final class SluiceOperator implements AutoCloseable {

  /** The one field manager under which the operator applies everything it writes. */
  public static final String FIELD_MANAGER = "sluice-operator";
  private static final Logger LOG = LoggerFactory.getLogger(SluiceOperator.class);

  private final Operator operator;
  private final PrometheusMeterRegistry registry;

  public SluiceOperator(KubernetesClient client, OperatorSettings settings, Clock clock) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    operator = new Operator(overrider -> {
      overrider.withKubernetesClient(client)
          .withMetrics(MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build());
      if (settings.leaderElection()) {
        overrider.withLeaderElectionConfiguration(
            new LeaderElectionConfiguration(OperatorSettings.LEASE_NAME, settings.operatorNamespace()));
      }
    });
    EventRecorder events = new EventRecorder(client, clock);
    operator.register(new DatasetReconciler(events, clock), controller -> {
      if (!settings.watchesAllNamespaces()) {
        controller.settingNamespaces(settings.watchNamespaces());
      }
    });
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public void start() {
    operator.start();
  }

  public boolean isRunning() {
    return operator.getRuntimeInfo().isStarted();
  }

  public boolean isHealthy() {
    return operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    operator.stop();
  }

  public static void main(String[] args) throws IOException {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().build();
    SluiceOperator sluice = new SluiceOperator(client, settings, Clock.systemUTC());
    HttpEndpoints endpoints = new HttpEndpoints(settings.httpPort(), sluice.registry(),
        sluice::isHealthy, sluice::isRunning);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      endpoints.close();
      sluice.close();
      client.close();
    }, "sluice-shutdown"));
    sluice.start();
    LOG.info("Sluice operator started; watching {}, endpoints on port {}",
        settings.watchesAllNamespaces() ? "all namespaces" : settings.watchNamespaces(), endpoints.port());
  }
}
