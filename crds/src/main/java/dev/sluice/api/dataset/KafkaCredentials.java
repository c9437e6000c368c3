package dev.sluice.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A reference to a Secret holding SASL credentials. The Secret's values are never copied. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record KafkaCredentials(
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
    @JsonPropertyDescription("Name of the Secret in the Dataset's namespace.")
    String secretName,

    @Default("username")
    @JsonPropertyDescription("Key of the username in the Secret.")
    String usernameKey,

    @Default("password")
    @JsonPropertyDescription("Key of the password in the Secret.")
    String passwordKey,

    @Default("SCRAM-SHA-512")
    @JsonPropertyDescription("SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.")
    SaslMechanism mechanism,

    @Default("SASL_SSL")
    @JsonPropertyDescription("Security protocol: SASL_SSL or SASL_PLAINTEXT.")
    SecurityProtocol securityProtocol) {

  public KafkaCredentials {
    usernameKey = usernameKey == null ? "username" : usernameKey;
    passwordKey = passwordKey == null ? "password" : passwordKey;
    mechanism = mechanism == null ? SaslMechanism.SCRAM_SHA_512 : mechanism;
    securityProtocol = securityProtocol == null ? SecurityProtocol.SASL_SSL : securityProtocol;
  }

  public enum SaslMechanism {
    @com.fasterxml.jackson.annotation.JsonProperty("PLAIN") PLAIN,
    @com.fasterxml.jackson.annotation.JsonProperty("SCRAM-SHA-256") SCRAM_SHA_256,
    @com.fasterxml.jackson.annotation.JsonProperty("SCRAM-SHA-512") SCRAM_SHA_512
  }

  public enum SecurityProtocol {
    SASL_SSL, SASL_PLAINTEXT
  }
}
