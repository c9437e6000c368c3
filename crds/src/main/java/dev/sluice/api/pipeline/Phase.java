package dev.sluice.api.pipeline;

/** Where a Pipeline is in its life, as shown by {@code kubectl get pl}. */
public enum Phase {
  Pending, Deploying, Running, Scaling, Upgrading, Suspended, Failed, Invalid
}
