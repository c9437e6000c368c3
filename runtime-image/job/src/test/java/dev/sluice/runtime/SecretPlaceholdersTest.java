package dev.sluice.runtime;

import dev.sluice.plan.SecretEnv;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SecretPlaceholdersTest {

  private final List<SecretEnv> secrets = List.of(new SecretEnv("PW", "kafka-login", "password"));

  @Test
  void valuesAreEscapedForTheJaasValueInsideTheSqlLiteral() {
    SecretPlaceholders placeholders = new SecretPlaceholders(secrets, Map.of("PW", "it's \"q\\uoted\""));
    assertEquals("'password=\"it''s \\\"q\\\\uoted\\\"\";'", placeholders.resolve("'password=\"${env:PW}\";'"));
  }

  @Test
  void aMissingVariableNamesTheSecretAndKey() {
    IllegalStateException error = assertThrows(IllegalStateException.class,
        () -> new SecretPlaceholders(secrets, Map.of()).resolve("x ${env:PW}"));
    assertEquals("environment variable PW is not set; the pod must get it from key 'password' of Secret "
        + "'kafka-login'", error.getMessage());
  }

  @Test
  void theMainTakesOnlyAPlanFile() {
    assertEquals(SluiceJob.DEFAULT_PLAN, SluiceJob.planFile(new String[0]));
    assertEquals("/tmp/p.json", SluiceJob.planFile(new String[] {"--plan", "/tmp/p.json"}).toString());
    assertThrows(IllegalArgumentException.class, () -> SluiceJob.planFile(new String[] {"--fromSavepoint", "x"}));
  }
}
