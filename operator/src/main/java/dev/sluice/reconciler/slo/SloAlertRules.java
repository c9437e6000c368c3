package dev.sluice.reconciler.slo;

import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.slo.BurnAlert;
import dev.sluice.slo.BurnWindow;
import dev.sluice.slo.SloPolicy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus rule groups for one SLO, built from the metrics {@link SloMetrics} exports:
 * a recording rule for the error ratio over each standard window that fits the SLO's window, and
 * one page and one ticket alert, each the {@code or} of its multi-window conditions with the
 * same thresholds the operator evaluates ({@link BurnAlert#of}).
 */
final class SloAlertRules {

  static final String RECORD_PREFIX = "sluice_slo:error_ratio:rate";

  private SloAlertRules() {
  }

  /** The {@code groups} of a rule file, which is also a PrometheusRule's {@code spec}. */
  static List<Map<String, Object>> groups(ServiceLevelObjective slo, SloPolicy policy) {
    String namespace = slo.getMetadata().getNamespace();
    String name = slo.getMetadata().getName();
    String selector = "{namespace=\"" + namespace + "\",slo=\"" + name + "\"}";
    List<Object> rules = new ArrayList<>();
    for (BurnWindow window : BurnWindow.values()) {
      if (window.span().compareTo(policy.window()) <= 0) {
        rules.add(Map.of(
            "record", RECORD_PREFIX + window.label(),
            "expr", "1 - sum by (namespace, slo) (rate(" + SloMetrics.GOOD + "_total" + selector + "[" + window.label()
                + "]))\n  / sum by (namespace, slo) (rate(" + SloMetrics.TOTAL + "_total" + selector + "["
                + window.label() + "]))"));
      }
    }
    for (BurnAlert.Severity severity : BurnAlert.Severity.values()) {
      List<BurnAlert> conditions = policy.alerts().stream().filter(alert -> alert.severity() == severity).toList();
      if (!conditions.isEmpty()) {
        rules.add(alert(slo, policy, severity, conditions, selector));
      }
    }
    return List.of(Map.of("name", "sluice-slo-" + namespace + "-" + name, "rules", rules));
  }

  private static Map<String, Object> alert(ServiceLevelObjective slo, SloPolicy policy, BurnAlert.Severity severity,
      List<BurnAlert> conditions, String selector) {
    List<String> terms = new ArrayList<>();
    for (BurnAlert condition : conditions) {
      String threshold = decimal(condition.threshold() * policy.allowedErrorRatio());
      terms.add("(" + RECORD_PREFIX + condition.longWindow().label() + selector + " > " + threshold
          + " and " + RECORD_PREFIX + condition.shortWindow().label() + selector + " > " + threshold + ")");
    }
    String target = slo.getSpec().target().kind() + " " + slo.getSpec().target().name();
    Map<String, String> labels = new LinkedHashMap<>(slo.getSpec().alerting().labels());
    labels.put("severity", severity.label());
    labels.put("target_kind", slo.getSpec().target().kind());
    labels.put("target", slo.getSpec().target().name());
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("alert", severity == BurnAlert.Severity.PAGE ? "SluiceSLOFastBurn" : "SluiceSLOSlowBurn");
    rule.put("expr", String.join("\nor\n", terms));
    rule.put("labels", labels);
    rule.put("annotations", Map.of(
        "summary", "SLO " + slo.getMetadata().getName() + " on " + target + " is burning its error budget "
            + (severity == BurnAlert.Severity.PAGE ? "fast" : "steadily"),
        "description", "The error budget of " + decimal(slo.getSpec().objective()) + " % over "
            + slo.getSpec().window() + " for " + target + " burns faster than " + severity.label()
            + " thresholds allow.",
        "runbook", "kubectl describe slo -n " + slo.getMetadata().getNamespace() + " " + slo.getMetadata().getName()
            + "; then kubectl describe " + slo.getSpec().target().kind().toLowerCase(java.util.Locale.ROOT) + " -n "
            + slo.getMetadata().getNamespace() + " " + slo.getSpec().target().name()
            + " for its job, lag and freshness"));
    return rule;
  }

  /** A double as Prometheus reads it, without binary noise such as 0.06720000000000001. */
  private static String decimal(double value) {
    return new BigDecimal(value).round(new MathContext(12)).stripTrailingZeros().toPlainString();
  }
}
