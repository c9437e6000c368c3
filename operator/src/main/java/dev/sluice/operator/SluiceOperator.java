package dev.sluice.operator;

import dev.sluice.kafka.ConsumerGroupLag;
import dev.sluice.lineage.PipelineLineage;
import dev.sluice.kafka.KafkaAdmins;
import dev.sluice.reconciler.dataset.TopicChecker;
import dev.sluice.reconciler.EventRecorder;
import dev.sluice.reconciler.LeanStore;
import dev.sluice.reconciler.ReconcileOutcomes;
import dev.sluice.flink.FlinkEndpointResolver;
import dev.sluice.flink.FlinkJobClient;
import dev.sluice.flink.FlinkPlanValidator;
import dev.sluice.plan.PlanError;
import dev.sluice.flink.FlinkRestClient;
import dev.sluice.reconciler.pipeline.ServiceEndpointResolver;
import dev.sluice.reconciler.dataset.DatasetReconciler;
import dev.sluice.reconciler.pipeline.ClusterApplier;
import dev.sluice.reconciler.pipeline.PipelineMetrics;
import dev.sluice.reconciler.pipeline.PipelineReconciler;
import dev.sluice.reconciler.pipeline.RememberingPlanValidator;
import dev.sluice.reconciler.pipeline.StablePlans;
import dev.sluice.reconciler.slo.SloMetrics;
import dev.sluice.reconciler.slo.SloReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The operator process: reconcilers, leader election, metrics and probes. */
public final class SluiceOperator implements AutoCloseable {

  /** The one field manager under which the operator applies everything it writes. */
  public static final String FIELD_MANAGER = "sluice-operator";
  private static final Logger LOG = LoggerFactory.getLogger(SluiceOperator.class);
  /**
   * The SDK times every reconcile of every resource with client-side percentiles and a percentile
   * histogram: about 12 KiB of live histograms per resource (over a tenth of the heap at 1,000
   * Pipelines), for quantiles that cannot be aggregated across resources anyway. Counts, sums and
   * maxima stay.
   */
  private static final MeterFilter WITHOUT_SDK_PERCENTILES = new MeterFilter() {
    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
      return id.getName().startsWith("operator.sdk.")
          ? DistributionStatisticConfig.builder().percentiles().percentilesHistogram(false).build().merge(config)
          : config;
    }
  };

  private final Operator operator;
  private final PrometheusMeterRegistry registry;
  private final KafkaAdmins kafka;
  private final PipelineLineage lineage;
  private final FlinkPlanValidator planner = new FlinkPlanValidator();
  private volatile boolean closing;

  public SluiceOperator(KubernetesClient client, OperatorSettings settings, Clock clock) {
    this(client, settings, new ServiceEndpointResolver(), clock);
  }

  /** @param flinkEndpoints where each Pipeline's job manager answers REST calls */
  public SluiceOperator(KubernetesClient client, OperatorSettings settings, FlinkEndpointResolver flinkEndpoints,
      Clock clock) {
    this(client, settings, flinkEndpoints, new FlinkRestClient(), clock);
  }

  /** @param flink how the operator talks to a job manager */
  public SluiceOperator(KubernetesClient client, OperatorSettings settings, FlinkEndpointResolver flinkEndpoints,
      FlinkJobClient flink, Clock clock) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(WITHOUT_SDK_PERCENTILES);
    operator = new Operator(overrider -> {
      // The caller owns the client and closes it.
      overrider.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withMetrics(MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build());
      if (settings.leaderElection()) {
        overrider.withLeaderElectionConfiguration(leaderElection(settings));
      }
    });
    EventRecorder events = new EventRecorder(client, clock);
    kafka = new KafkaAdmins(clock);
    ReconcileOutcomes outcomes = new ReconcileOutcomes(registry);
    // One planner serves both reconcilers; it remembers each plan's verdict.
    RememberingPlanValidator validator = new RememberingPlanValidator(planner);
    register(new DatasetReconciler(events, validator, new TopicChecker(kafka), outcomes, clock), settings);
    ClusterApplier applier = new ClusterApplier(client);
    lineage = PipelineLineage.of(settings.lineage(), registry, clock);
    register(new PipelineReconciler(validator,
        applier, new StablePlans(applier), flinkEndpoints,
        flink, new ConsumerGroupLag(kafka), events, new PipelineMetrics(registry, clock), outcomes, lineage,
        settings.pipelines(), clock), settings);
    register(new SloReconciler(client, applier, events, new SloMetrics(registry),
        settings.pipelines().observeInterval(), clock), settings);
  }

  private <R extends HasMetadata> void register(Reconciler<R> reconciler, OperatorSettings settings) {
    operator.register(reconciler, controller -> {
      controller.withItemStore(new LeanStore<>());
      if (!settings.watchesAllNamespaces()) {
        controller.settingNamespaces(settings.watchNamespaces());
      }
    });
  }

  /**
   * A replica that loses the lease while running exits, so that it never reconciles beside the
   * new leader; one that is being closed on purpose just stops.
   */
  private LeaderElectionConfiguration leaderElection(OperatorSettings settings) {
    LeaderCallbacks callbacks = new LeaderCallbacks(
        () -> LOG.info("Became the leader; reconciling"),
        () -> {
          if (!closing) {
            LOG.error("Lost the leader lease; exiting so that the new leader reconciles alone");
            System.exit(1);
          }
        },
        leader -> LOG.info("The leader is {}", leader));
    return new LeaderElectionConfiguration(OperatorSettings.LEASE_NAME, settings.operatorNamespace(),
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE, LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, null, callbacks, false);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Starts the reconcilers, and returns once Flink's planner has started too (see {@link FlinkPlanValidator#warmUp}). */
  public void start() {
    CompletableFuture<List<PlanError>> warmUp = planner.warmUp();
    operator.start();
    // A planner that fails here fails each Pipeline's check too, where it is reported on the Pipeline.
    try {
      List<PlanError> errors = warmUp.join();
      if (!errors.isEmpty()) {
        LOG.warn("Flink's planner refused the warm-up plan, so it may refuse Pipelines too: {}", errors);
      }
    } catch (CompletionException e) {
      LOG.warn("Flink's planner failed on the warm-up plan; Pipelines' checks may fail too", e.getCause());
    }
  }

  public boolean isRunning() {
    return operator.getRuntimeInfo().isStarted();
  }

  public boolean isHealthy() {
    return operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    closing = true;
    operator.stop();
    kafka.close();
    lineage.close();
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
