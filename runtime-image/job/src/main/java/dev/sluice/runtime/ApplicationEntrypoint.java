package dev.sluice.runtime;

import org.apache.flink.client.deployment.application.ApplicationClusterEntryPoint;
import org.apache.flink.client.program.DefaultPackagedProgramRetriever;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.entrypoint.ClusterEntrypoint;
import org.apache.flink.runtime.entrypoint.ClusterEntrypointUtils;
import org.apache.flink.runtime.entrypoint.EntrypointClusterConfiguration;
import org.apache.flink.runtime.entrypoint.EntrypointClusterConfigurationParserFactory;
import org.apache.flink.runtime.resourcemanager.StandaloneResourceManagerFactory;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.runtime.util.JvmShutdownSafeguard;
import org.apache.flink.runtime.util.SignalHandler;

/**
 * The job manager of a Sluice job: Flink's standalone application cluster, whose one application
 * is {@link SluiceJob}. Flink ships this role as {@code StandaloneApplicationClusterEntryPoint} in
 * flink-container, but flink-container 2.2.0 is not on Maven Central (2.1.0 and 2.3.0 are), so
 * this class does the same on Flink's public entrypoint classes, with the job class fixed.
 *
 * <p>Arguments: {@code --configDir <dir> [-D key=value]... [--plan <plan.json>]}. Restoring from a
 * savepoint or checkpoint is {@code -Dexecution.state-recovery.path=<path>}; everything after the
 * Flink options goes to {@link SluiceJob}.
 */
public final class ApplicationEntrypoint extends ApplicationClusterEntryPoint {

  private ApplicationEntrypoint(Configuration configuration, PackagedProgram program) {
    super(configuration, program, StandaloneResourceManagerFactory.getInstance());
  }

  public static void main(String[] args) {
    EnvironmentInformation.logEnvironmentInfo(LOG, ApplicationEntrypoint.class.getSimpleName(), args);
    SignalHandler.register(LOG);
    JvmShutdownSafeguard.installAsShutdownHook(LOG);
    EntrypointClusterConfiguration cluster = ClusterEntrypointUtils.parseParametersOrExit(args,
        new EntrypointClusterConfigurationParserFactory(), ApplicationEntrypoint.class);
    Configuration configuration = loadConfiguration(cluster);
    PackagedProgram program;
    try {
      program = DefaultPackagedProgramRetriever.create(null, SluiceJob.class.getName(), cluster.getArgs(),
          configuration).getPackagedProgram();
      configureExecution(configuration, program);
    } catch (Exception e) {
      LOG.error("Could not prepare the Sluice job {}", SluiceJob.class.getName(), e);
      System.exit(STARTUP_FAILURE_RETURN_CODE);
      return;
    }
    ClusterEntrypoint.runClusterEntrypoint(new ApplicationEntrypoint(configuration, program));
  }

  @Override
  protected boolean supportsReactiveMode() {
    return true;
  }
}
