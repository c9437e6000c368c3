package dev.sluice.contract;

import dev.sluice.api.dataset.Contract.Compatibility;
import dev.sluice.api.dataset.Schema;

import java.util.List;

/**
 * The outcome of offering a Dataset's schema to its contract: the schema that stands (the new
 * one when accepted, the last accepted one when refused), its version, and why a change was
 * refused.
 */
public record SchemaDecision(Schema accepted, int version, String fingerprint, List<String> violations) {

  public boolean compatible() {
    return violations.isEmpty();
  }

  /**
   * Offers {@code proposed} to a contract that last accepted {@code accepted} at {@code version}
   * (null when nothing was accepted yet).
   */
  public static SchemaDecision offer(Schema accepted, Integer version, Schema proposed, Compatibility mode) {
    String proposedFingerprint = SchemaFingerprint.of(proposed);
    if (accepted == null || version == null) {
      return new SchemaDecision(proposed, 1, proposedFingerprint, List.of());
    }
    if (SchemaFingerprint.of(accepted).equals(proposedFingerprint)) {
      return new SchemaDecision(proposed, version, proposedFingerprint, List.of());
    }
    List<String> violations = SchemaCompatibility.violations(accepted, proposed, mode);
    if (violations.isEmpty()) {
      return new SchemaDecision(proposed, version + 1, proposedFingerprint, List.of());
    }
    return new SchemaDecision(accepted, version, SchemaFingerprint.of(accepted), violations);
  }
}
