package dev.sluice.local;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.net.URI;
import java.util.Map;

/**
 * One Flink MiniCluster in this process, on loopback only, that every job of {@code sluice run}
 * shares. Jobs reach it as they reach a cluster in a pod: through the execution environment of
 * the context, which here submits to the MiniCluster's REST endpoint.
 */
final class LocalCluster implements AutoCloseable {

  private final MiniCluster cluster;

  private LocalCluster(MiniCluster cluster) {
    this.cluster = cluster;
  }

  static LocalCluster start(int slots) throws Exception {
    Configuration configuration = Configuration.fromMap(Map.of(
        "rest.bind-address", "127.0.0.1",
        "rest.address", "127.0.0.1",
        "rest.port", "0",
        "jobmanager.bind-host", "127.0.0.1",
        "taskmanager.bind-host", "127.0.0.1",
        "taskmanager.host", "127.0.0.1",
        "metrics.reporter.sluice.factory.class", LocalMetrics.Factory.class.getName()));
    MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
        .setConfiguration(configuration).setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build());
    cluster.start();
    URI rest = cluster.getRestAddress().get();
    ContextEnvironment.submitTo(rest);
    return new LocalCluster(cluster);
  }

  /** Checkpoints the job completed since it was submitted. */
  long completedCheckpoints(JobID job) throws Exception {
    return cluster.getExecutionGraph(job).get().getCheckpointStatsSnapshot().getCounts()
        .getNumberOfCompletedCheckpoints();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }

  /** Makes {@code StreamExecutionEnvironment.getExecutionEnvironment()} submit to a cluster's REST endpoint. */
  private static final class ContextEnvironment extends StreamExecutionEnvironment {

    static void submitTo(URI rest) {
      initializeContextEnvironment(configuration -> {
        Configuration remote = new Configuration(configuration);
        remote.set(DeploymentOptions.TARGET, "remote");
        remote.set(RestOptions.ADDRESS, rest.getHost());
        remote.set(RestOptions.PORT, rest.getPort());
        return new StreamExecutionEnvironment(remote);
      });
    }
  }
}
