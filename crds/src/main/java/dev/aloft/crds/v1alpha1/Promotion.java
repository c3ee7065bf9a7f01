package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * Deploy the image that a service of the same tenant runs in another environment, pinned by digest,
 * instead of building.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Promotion {

  @Required
  @Pattern(ValidationPatterns.KUBERNETES_NAME)
  @Size(max = ValidationPatterns.NAME_MAX_LENGTH)
  @JsonPropertyDescription("Environment the revision is promoted from, e.g. dev.")
  private String fromEnvironment;

  @Pattern(ValidationPatterns.KUBERNETES_NAME)
  @Size(max = ValidationPatterns.NAME_MAX_LENGTH)
  @JsonPropertyDescription(
      "Aloft Service (same namespace) that runs the revision there. Absent: same name as this.")
  private String service;

  @Required
  @Pattern(ValidationPatterns.IMAGE_DIGEST)
  @JsonPropertyDescription(
      "Digest of the image to promote, sha256:<64 hex digits>; that service's status.image.")
  private String digest;

  public Promotion() {}

  public Promotion(String fromEnvironment, String service, String digest) {
    this.fromEnvironment = fromEnvironment;
    this.service = service;
    this.digest = digest;
  }

  public String getFromEnvironment() {
    return fromEnvironment;
  }

  public void setFromEnvironment(String fromEnvironment) {
    this.fromEnvironment = fromEnvironment;
  }

  public String getService() {
    return service;
  }

  public void setService(String service) {
    this.service = service;
  }

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Promotion p
        && Objects.equals(fromEnvironment, p.fromEnvironment)
        && Objects.equals(service, p.service)
        && Objects.equals(digest, p.digest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fromEnvironment, service, digest);
  }

  @Override
  public String toString() {
    return "Promotion{fromEnvironment=%s, service=%s, digest=%s}"
        .formatted(fromEnvironment, service, digest);
  }
}
