package dev.sluice.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content hash of a plan: SHA-256 over a canonical JSON form of what the job runs. Parallelism
 * is left out (a rescale is not an upgrade), and so are what only describes the SQL: the
 * statements' origins and the lists of inputs and outputs, which the statements already hold.
 */
final class PlanHash {

  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private PlanHash() {
  }

  static String of(PipelinePlan plan) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("namespace", plan.namespace());
    content.put("name", plan.name());
    content.put("ddl", plan.ddl().stream().map(PlanStatement::sql).toList());
    content.put("inserts", plan.inserts().stream().map(PlanStatement::sql).toList());
    content.put("flinkConfig", plan.flinkConfig());
    content.put("secretEnv", plan.secretEnv().stream()
        .map(env -> List.of(env.envName(), env.secretName(), env.key())).toList());
    try {
      byte[] canonical = CANONICAL.writeValueAsString(content).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash plan " + plan.namespace() + "/" + plan.name(), e);
    }
  }
}
