package dev.sluice.api.pipeline;

/** Patterns for the Kubernetes quantities a Pipeline accepts, so a typo fails at apply time. */
final class ResourceQuantities {

  static final String CPU = "^([0-9]+m|[0-9]+(\\.[0-9]+)?)$";
  static final String MEMORY = "^[0-9]+(Ki|Mi|Gi|Ti|k|M|G|T)?$";

  private ResourceQuantities() {
  }
}
