package dev.sluice.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL in a Grafana dashboard's JSON, as Grafana would send it once its variables
 * ({@code $name} or {@code ${name}}) have values: every panel target's expression, and each
 * {@code label_values(selector, label)} variable query.
 */
public final class GrafanaDashboard {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");

  private final JsonNode dashboard;
  private final Map<String, String> values;

  private GrafanaDashboard(JsonNode dashboard, Map<String, String> values) {
    this.dashboard = dashboard;
    this.values = values;
  }

  /** @param values each variable's value; a query with a variable not given here fails */
  public static GrafanaDashboard read(Path json, Map<String, String> values) throws IOException {
    return new GrafanaDashboard(new ObjectMapper().readTree(json.toFile()), values);
  }

  /** A panel's query: its title and the expression with the variables' values in. */
  public record PanelQuery(String panel, String expression) {
  }

  /** A variable's {@code label_values} query: the series selector and the label whose values it lists. */
  public record VariableQuery(String variable, String selector, String label) {
  }

  public List<PanelQuery> panelQueries() {
    List<PanelQuery> queries = new ArrayList<>();
    collect(dashboard.path("panels"), queries);
    return queries;
  }

  public List<VariableQuery> variableQueries() {
    List<VariableQuery> queries = new ArrayList<>();
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if ("query".equals(variable.path("type").asText())) {
        String query = variable.path("query").path("query").asText();
        Matcher labelValues = LABEL_VALUES.matcher(query);
        if (!labelValues.matches()) {
          throw new IllegalArgumentException("variable " + variable.path("name").asText()
              + ": only label_values(selector, label) is checked, not " + query);
        }
        queries.add(new VariableQuery(variable.path("name").asText(), substitute(labelValues.group(1)),
            labelValues.group(2)));
      }
    }
    return queries;
  }

  /** Panels, and the panels of rows, in order. */
  private void collect(JsonNode panels, List<PanelQuery> queries) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        queries.add(new PanelQuery(panel.path("title").asText(), substitute(target.path("expr").asText())));
      }
      collect(panel.path("panels"), queries);
    }
  }

  private String substitute(String query) {
    return VARIABLE.matcher(query).replaceAll(variable -> {
      String value = values.get(variable.group(1));
      if (value == null) {
        throw new IllegalArgumentException("no value given for $" + variable.group(1) + " in " + query);
      }
      return Matcher.quoteReplacement(value);
    });
  }
}
