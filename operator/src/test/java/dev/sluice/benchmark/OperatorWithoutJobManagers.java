package dev.sluice.benchmark;

import dev.sluice.operator.OperatorSettings;
import dev.sluice.operator.SluiceOperator;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The operator process of the scale benchmark: {@link SluiceOperator} configured from its
 * environment as in a pod, except that every Pipeline's job manager is a loopback port that
 * nothing listens on. That is what a job manager Service without pods gives (connection refused
 * at once), and it keeps the benchmark's traffic on this machine rather than asking DNS for
 * {@code .svc} names. It prints {@link #READY} once its informers have synced.
 *
 * <p>Its client is made from the kubeconfig's content rather than from the file: Fabric8 re-reads
 * an auto-configured kubeconfig whose user has a client certificate and no token before every
 * request (a sixth of the operator's CPU in a first profile), where a pod's token is re-read once
 * a minute.
 */
public final class OperatorWithoutJobManagers {

  static final String READY = "sluice-benchmark-operator-ready";

  private OperatorWithoutJobManagers() {
  }

  public static void main(String[] args) throws IOException {
    URI nowhere = URI.create("http://127.0.0.1:" + unusedPort());
    Config config = Config.fromKubeconfig(Files.readString(Path.of(System.getenv("KUBECONFIG"))));
    config.setUserAgent(OperatorProcess.USER_AGENT);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    SluiceOperator operator = new SluiceOperator(client, OperatorSettings.fromEnvironment(System.getenv()),
        pipeline -> nowhere, Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      operator.close();
      client.close();
    }, "sluice-shutdown"));
    operator.start();
    System.out.println(READY);
  }

  private static int unusedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
