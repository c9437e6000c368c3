package dev.sluice.lineage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Posts events on a thread of its own, so that a slow or absent backend never holds a reconcile:
 * events wait in a bounded queue, in order, and one that finds it full is dropped. Each outcome
 * counts in {@code sluice_openlineage_events_total{outcome="sent|failed|dropped"}}.
 */
final class LineageSender implements AutoCloseable {

  static final int QUEUE = 1000;
  private static final int TIMEOUT_MILLIS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(LineageSender.class);

  private final Transport transport;
  private final ThreadPoolExecutor thread;
  private final Counter sent;
  private final Counter failed;
  private final Counter dropped;

  LineageSender(LineageSettings settings, MeterRegistry registry) {
    HttpConfig http = new HttpConfig();
    http.setUrl(settings.url());
    http.setEndpoint(settings.endpoint());
    http.setTimeoutInMillis(TIMEOUT_MILLIS);
    if (settings.apiKey() != null) {
      ApiKeyTokenProvider key = new ApiKeyTokenProvider();
      key.setApiKey(settings.apiKey());
      http.setAuth(key);
    }
    transport = new HttpTransport(http);
    sent = counter(registry, "sent");
    failed = counter(registry, "failed");
    dropped = counter(registry, "dropped");
    thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), runnable -> {
      Thread sender = new Thread(runnable, "sluice-openlineage");
      sender.setDaemon(true);
      return sender;
    });
  }

  /** @param pipeline namespace/name, for the log */
  void send(String pipeline, OpenLineage.RunEvent event) {
    String what = event.getEventType() + " of run " + event.getRun().getRunId() + " of Pipeline " + pipeline;
    try {
      thread.execute(() -> post(what, event));
    } catch (RejectedExecutionException e) {
      dropped.increment();
      LOG.warn("OpenLineage: dropped the {} event: {} events are waiting to be sent", what, QUEUE);
    }
  }

  private void post(String what, OpenLineage.RunEvent event) {
    try {
      transport.emit(event);
      sent.increment();
      LOG.debug("OpenLineage: sent the {} event", what);
    } catch (RuntimeException e) {
      failed.increment();
      LOG.warn("OpenLineage: could not send the {} event: {}", what, e.toString());
    }
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("sluice_openlineage_events").description("OpenLineage events by what became of them")
        .tag("outcome", outcome).register(registry);
  }

  /** Sends what is queued for a few seconds more, then stops. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("OpenLineage: {} events were not sent before the operator stopped", thread.getQueue().size());
        thread.shutdownNow();
      }
      transport.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("OpenLineage: closing the transport: {}", e.toString());
    }
  }
}
