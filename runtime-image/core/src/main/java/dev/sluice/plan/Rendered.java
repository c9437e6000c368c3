package dev.sluice.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What rendering one table collects: its options, the secrets they refer to, and any errors. */
record Rendered(Map<String, String> options, List<SecretEnv> secrets, List<PlanError> errors) {

  Rendered() {
    this(new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>());
  }
}
