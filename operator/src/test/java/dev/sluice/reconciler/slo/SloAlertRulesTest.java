package dev.sluice.reconciler.slo;

import dev.sluice.api.slo.Alerting;
import dev.sluice.api.slo.Indicator;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.api.slo.SloSpec;
import dev.sluice.api.slo.TargetRef;
import dev.sluice.slo.SloPolicy;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated rules, judged by Prometheus's own tools: {@code promtool check rules} accepts them,
 * and {@code promtool test rules} shows on synthetic counters that the page fires within its short
 * window at the page burn rate, the ticket at the ticket rate, and nothing at a burn rate of 1.
 */
class SloAlertRulesTest {

  @TempDir
  Path dir;

  static ServiceLevelObjective slo(double objective, String window) {
    ServiceLevelObjective slo = new ServiceLevelObjective();
    slo.setMetadata(new ObjectMetaBuilder().withName("orders-fresh").withNamespace("shop").build());
    slo.setSpec(new SloSpec(new TargetRef("Pipeline", "enrich-orders"),
        new Indicator(new Indicator.Freshness("5m"), null, null, null, null, null), objective, window,
        new Alerting(true, 14.4, 1.0, Map.of("team", "data"))));
    return slo;
  }

  private Path rules(ServiceLevelObjective slo) throws IOException {
    return Promtool.ruleFile(dir, "slo", SloAlertRules.groups(slo, SloPolicy.of(slo.getSpec())));
  }

  @Test
  void promtoolAcceptsTheRulesOfEveryWindow() throws Exception {
    for (String window : new String[] {"1h", "1d", "7d", "28d", "30d", "90d"}) {
      Path file = Promtool.ruleFile(dir, "slo-" + window,
          SloAlertRules.groups(slo(99.5, window), SloPolicy.of(slo(99.5, window).getSpec())));
      String output = Promtool.run(dir, "check", "rules", file.toString());
      assertTrue(output.contains("SUCCESS"), output);
    }
  }

  @Test
  void thePageFiresWithinItsShortWindowAtThePageRate() throws Exception {
    // 99 % over 30 days: the page rate 14.4 is an error ratio of 14.4 %; 15 % errors from the start.
    Path rules = rules(slo(99, "30d"));
    test(rules, """
        - interval: 1m
          input_series:
            - series: 'sluice_slo_events_total{namespace="shop",slo="orders-fresh"}'
              values: '0+100x120'
            - series: 'sluice_slo_good_events_total{namespace="shop",slo="orders-fresh"}'
              values: '0+85x120'
          alert_rule_test:
            - eval_time: 5m
              alertname: SluiceSLOFastBurn
              exp_alerts:
                - exp_labels: {namespace: shop, slo: orders-fresh, severity: page, team: data,
                               target_kind: Pipeline, target: enrich-orders}
                  exp_annotations:
                    summary: SLO orders-fresh on Pipeline enrich-orders is burning its error budget fast
                    description: The error budget of 99 % over 30d for Pipeline enrich-orders burns faster than page thresholds allow.
                    runbook: kubectl describe slo -n shop orders-fresh; then kubectl describe pipeline -n shop enrich-orders for its job, lag and freshness
        """);
  }

  @Test
  void theTicketFiresAtTheTicketRateWithoutAPage() throws Exception {
    // 3.5 % errors: above the ticket's 3 over 1d/2h, below the page's 6 over 6h/30m.
    Path rules = rules(slo(99, "30d"));
    test(rules, """
        - interval: 1m
          input_series:
            - series: 'sluice_slo_events_total{namespace="shop",slo="orders-fresh"}'
              values: '0+1000x300'
            - series: 'sluice_slo_good_events_total{namespace="shop",slo="orders-fresh"}'
              values: '0+965x300'
          alert_rule_test:
            - eval_time: 2h10m
              alertname: SluiceSLOSlowBurn
              exp_alerts:
                - exp_labels: {namespace: shop, slo: orders-fresh, severity: ticket, team: data,
                               target_kind: Pipeline, target: enrich-orders}
                  exp_annotations:
                    summary: SLO orders-fresh on Pipeline enrich-orders is burning its error budget steadily
                    description: The error budget of 99 % over 30d for Pipeline enrich-orders burns faster than ticket thresholds allow.
                    runbook: kubectl describe slo -n shop orders-fresh; then kubectl describe pipeline -n shop enrich-orders for its job, lag and freshness
            - eval_time: 2h10m
              alertname: SluiceSLOFastBurn
              exp_alerts: []
        """);
  }

  @Test
  void nothingFiresAtABurnRateOfOne() throws Exception {
    // 1 % errors against 99 % spends the budget exactly over the window.
    Path rules = rules(slo(99, "30d"));
    test(rules, """
        - interval: 1m
          input_series:
            - series: 'sluice_slo_events_total{namespace="shop",slo="orders-fresh"}'
              values: '0+1000x500'
            - series: 'sluice_slo_good_events_total{namespace="shop",slo="orders-fresh"}'
              values: '0+990x500'
          alert_rule_test:
            - eval_time: 10m
              alertname: SluiceSLOFastBurn
              exp_alerts: []
            - eval_time: 10m
              alertname: SluiceSLOSlowBurn
              exp_alerts: []
            - eval_time: 8h
              alertname: SluiceSLOFastBurn
              exp_alerts: []
            - eval_time: 8h
              alertname: SluiceSLOSlowBurn
              exp_alerts: []
        """);
  }

  private void test(Path rules, String tests) throws Exception {
    Path file = dir.resolve("test.yaml");
    Files.writeString(file, "rule_files: [" + rules.getFileName() + "]\nevaluation_interval: 1m\ntests:\n"
        + tests.indent(2));
    Promtool.run(dir, "test", "rules", file.getFileName().toString());
  }
}
