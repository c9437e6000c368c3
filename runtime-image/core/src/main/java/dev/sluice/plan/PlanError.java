package dev.sluice.plan;

/**
 * A reason a Pipeline cannot run, found before anything is deployed.
 *
 * @param resource the resource to fix, such as {@code Pipeline/enrich-orders} or {@code Dataset/orders}
 * @param field the field of that resource, such as {@code spec.sql} or {@code spec.inputs[1]}
 * @param message what is wrong and how to fix it
 */
public record PlanError(String resource, String field, String message) {

  static PlanError pipeline(String pipeline, String field, String message) {
    return new PlanError("Pipeline/" + pipeline, field, message);
  }

  static PlanError dataset(String dataset, String field, String message) {
    return new PlanError("Dataset/" + dataset, field, message);
  }

  @Override
  public String toString() {
    return resource + " " + field + ": " + message;
  }
}
