package dev.sluice.runtime;

import dev.sluice.plan.SecretEnv;

import java.util.List;
import java.util.Map;

/**
 * Puts the values of the plan's secret environment variables into its statements, at startup and
 * only in memory. Placeholders stand inside the double-quoted values of a JAAS configuration that
 * is itself a SQL string literal, so values are escaped for both.
 */
final class SecretPlaceholders {

  private final List<SecretEnv> secrets;
  private final Map<String, String> environment;

  SecretPlaceholders(List<SecretEnv> secrets, Map<String, String> environment) {
    this.secrets = secrets;
    this.environment = environment;
  }

  String resolve(String sql) {
    String resolved = sql;
    for (SecretEnv secret : secrets) {
      if (resolved.contains(secret.placeholder())) {
        resolved = resolved.replace(secret.placeholder(), escaped(valueOf(secret)));
      }
    }
    return resolved;
  }

  private String valueOf(SecretEnv secret) {
    String value = environment.get(secret.envName());
    if (value == null) {
      throw new IllegalStateException("environment variable " + secret.envName() + " is not set; the pod must get "
          + "it from key '" + secret.key() + "' of Secret '" + secret.secretName() + "'");
    }
    return value;
  }

  private static String escaped(String value) {
    String jaas = value.replace("\\", "\\\\").replace("\"", "\\\"");
    return jaas.replace("'", "''");
  }
}
