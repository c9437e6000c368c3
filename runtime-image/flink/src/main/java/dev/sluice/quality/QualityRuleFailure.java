package dev.sluice.quality;

/** A row violated a quality rule whose action is fail. */
public final class QualityRuleFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  QualityRuleFailure(String rule) {
    super("quality rule '" + rule + "' failed: a row does not satisfy its expression, and its action is fail. "
        + "Fix the data at its source, or change the rule's action in the Pipeline's spec.quality to drop "
        + "or deadLetter");
  }
}
