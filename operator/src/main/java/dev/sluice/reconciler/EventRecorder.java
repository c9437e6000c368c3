package dev.sluice.reconciler;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Records decisions and user errors as Kubernetes Events on the resource they concern. The same
 * reason and message on the same resource is one Event whose count grows, so a reconcile loop
 * that meets the same error again does not flood {@code kubectl describe}. Reasons come from each
 * kind's enum of reasons, which its conditions share.
 */
public class EventRecorder {

  public static final String COMPONENT = "sluice-operator";
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(HasMetadata resource, Enum<?> reason, String message) {
    record(resource, "Normal", reason, message);
  }

  public void warning(HasMetadata resource, Enum<?> reason, String message) {
    record(resource, "Warning", reason, message);
  }

  private void record(HasMetadata resource, String type, Enum<?> reason, String message) {
    String namespace = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName() + "."
        + UUID.nameUUIDFromBytes((resource.getMetadata().getUid() + reason + message).getBytes(StandardCharsets.UTF_8))
            .toString().substring(0, 13);
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    Event event = new EventBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(resource.getApiVersion())
            .withKind(resource.getKind())
            .withName(resource.getMetadata().getName())
            .withNamespace(namespace)
            .withUid(resource.getMetadata().getUid())
            .build())
        .withType(type)
        .withReason(reason.name())
        .withMessage(message)
        .withCount(1)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .build();
    try {
      createOrCountAgain(event);
    } catch (KubernetesClientException e) {
      // An event is a courtesy to the user; failing to write one must not fail the reconcile.
      LOG.warn("Could not record event {} on {}/{}: {}", reason, namespace, resource.getMetadata().getName(),
          e.getMessage());
    }
  }

  /** Most events are new: creating first reads the existing one only when its name is taken. */
  private void createOrCountAgain(Event event) {
    var events = client.v1().events().inNamespace(event.getMetadata().getNamespace());
    try {
      events.resource(event).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      Event existing = events.withName(event.getMetadata().getName()).get();
      if (existing != null) {
        existing.setCount(existing.getCount() == null ? 2 : existing.getCount() + 1);
        existing.setLastTimestamp(event.getLastTimestamp());
        events.resource(existing).update();
      }
    }
  }
}
