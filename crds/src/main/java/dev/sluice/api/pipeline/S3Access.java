package dev.sluice.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How the Flink pods reach S3-compatible storage other than AWS's default: MinIO, Ceph, a
 * private endpoint. Credentials are referenced in a Secret, never copied.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record S3Access(
    @Size(max = 2048)
    @ValidationRule(value = "self.matches('^https?://[^/]+/?$')", message = "must be the endpoint's base URL, such "
        + "as http://minio.storage:9000")
    @JsonPropertyDescription("The S3 endpoint, such as http://minio.storage:9000. Unset: AWS's, from the region.")
    String endpoint,

    @JsonPropertyDescription("Address buckets as endpoint/bucket rather than bucket.endpoint, as MinIO needs.")
    Boolean pathStyleAccess,

    @JsonPropertyDescription("The Secret with the access key pair. Unset: the pods' own identity (an IAM role "
        + "for the service account, or the node's).")
    S3Credentials credentials) {

  /** A Secret in the Pipeline's namespace and the keys of the access key pair in it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record S3Credentials(
      @Required
      @Size(max = 253)
      @JsonPropertyDescription("Name of the Secret in the Pipeline's namespace.")
      String secretName,

      @JsonPropertyDescription("Key of the access key id in the Secret. Default: access-key.")
      String accessKeyKey,

      @JsonPropertyDescription("Key of the secret access key in the Secret. Default: secret-key.")
      String secretKeyKey) {

    public S3Credentials {
      accessKeyKey = accessKeyKey == null ? "access-key" : accessKeyKey;
      secretKeyKey = secretKeyKey == null ? "secret-key" : secretKeyKey;
    }
  }
}
