package dev.sluice.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Status conditions as the Kubernetes API conventions define them. The transition time moves
 * only when the status flips, so that "since when" stays meaningful across reconciles.
 */
public final class Conditions {

  public static final String TRUE = "True";
  public static final String FALSE = "False";

  private Conditions() {
  }

  /** A copy of {@code current} with the condition of {@code type} set as given. */
  public static List<Condition> with(List<Condition> current, String type, boolean status, Enum<?> reason,
      String message, Long generation, Instant now) {
    String statusText = status ? TRUE : FALSE;
    Optional<Condition> previous = find(current, type);
    String transition = previous.filter(c -> statusText.equals(c.getStatus()))
        .map(Condition::getLastTransitionTime)
        .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    Condition condition = new ConditionBuilder()
        .withType(type)
        .withStatus(statusText)
        .withReason(reason.name())
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
    List<Condition> updated = new ArrayList<>(current == null ? List.of() : current);
    updated.removeIf(c -> type.equals(c.getType()));
    updated.add(condition);
    return updated;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }
}
