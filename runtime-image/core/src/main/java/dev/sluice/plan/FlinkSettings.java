package dev.sluice.plan;

import dev.sluice.api.common.Durations;
import dev.sluice.api.pipeline.Checkpointing;
import dev.sluice.api.pipeline.S3Access;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Flink configuration of a plan: checkpoints, state, restarts and metrics. */
final class FlinkSettings {

  static final String PROMETHEUS_FACTORY = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

  private FlinkSettings() {
  }

  /** The S3 file system's credentials, which it reads from the environment. */
  static final String AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
  static final String AWS_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";

  /** @param secrets where the Secret keys the pods need as environment variables are added */
  static Map<String, String> render(String namespace, String name, Checkpointing checkpointing,
                                    PlanDefaults defaults, List<SecretEnv> secrets) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("pipeline.name", PipelinePlan.jobName(namespace, name));
    config.put("execution.runtime-mode", "STREAMING");
    config.put("pipeline.max-parallelism", Integer.toString(defaults.maxParallelism()));
    // Without it Flink deep-copies every row between chained operators, to protect user functions that
    // keep their inputs. A plan runs Flink SQL only (spec.sql admits views and inserts, no functions),
    // whose operators copy what they keep; the copies halved the throughput (docs/benchmarks.md).
    config.put("pipeline.object-reuse", "true");

    config.put("execution.checkpointing.interval", Sql.flinkDuration(Durations.parse(checkpointing.interval())));
    config.put("execution.checkpointing.timeout", Sql.flinkDuration(Durations.parse(checkpointing.timeout())));
    config.put("execution.checkpointing.mode", checkpointing.mode() == Checkpointing.Mode.EXACTLY_ONCE
        ? "EXACTLY_ONCE" : "AT_LEAST_ONCE");
    String storage = stateStorage(namespace, name, checkpointing, defaults);
    config.put("execution.checkpointing.dir", storage + "/checkpoints");
    config.put("execution.checkpointing.savepoint-dir", storage + "/savepoints");
    // Kept when the job is cancelled, so that a last-state upgrade can restore from it.
    config.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    s3(checkpointing.s3(), config, secrets);

    config.put("state.backend.type", defaults.stateBackend());
    if ("rocksdb".equals(defaults.stateBackend())) {
      config.put("execution.checkpointing.incremental", "true");
    }

    config.put("restart-strategy.type", "exponential-delay");
    config.put("restart-strategy.exponential-delay.initial-backoff",
        Sql.flinkDuration(defaults.restartInitialBackoff()));
    config.put("restart-strategy.exponential-delay.max-backoff", Sql.flinkDuration(defaults.restartMaxBackoff()));
    config.put("restart-strategy.exponential-delay.attempts-before-reset-backoff",
        Integer.toString(defaults.restartAttempts()));

    if (defaults.prometheusPort() != null) {
      config.put("metrics.reporter.prom.factory.class", PROMETHEUS_FACTORY);
      config.put("metrics.reporter.prom.port", defaults.prometheusPort().toString());
    }
    return config;
  }

  /** Flink's S3 file systems read s3.* keys; the key pair stays in its Secret, as environment variables. */
  private static void s3(S3Access s3, Map<String, String> config, List<SecretEnv> secrets) {
    if (s3 == null) {
      return;
    }
    if (s3.endpoint() != null) {
      config.put("s3.endpoint", s3.endpoint());
    }
    if (s3.pathStyleAccess() != null) {
      config.put("s3.path.style.access", s3.pathStyleAccess().toString());
    }
    S3Access.S3Credentials credentials = s3.credentials();
    if (credentials != null) {
      secrets.add(new SecretEnv(AWS_ACCESS_KEY_ID, credentials.secretName(), credentials.accessKeyKey()));
      secrets.add(new SecretEnv(AWS_SECRET_ACCESS_KEY, credentials.secretName(), credentials.secretKeyKey()));
    }
  }

  private static String stateStorage(String namespace, String name, Checkpointing checkpointing,
                                     PlanDefaults defaults) {
    return checkpointing.storage() != null
        ? withoutTrailingSlash(checkpointing.storage())
        : withoutTrailingSlash(defaults.checkpointStorage()) + "/" + namespace + "/" + name;
  }

  private static String withoutTrailingSlash(String uri) {
    return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }
}
