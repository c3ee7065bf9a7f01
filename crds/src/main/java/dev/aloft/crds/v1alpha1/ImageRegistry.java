package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** Where an environment's images are pushed to and pulled from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImageRegistry {

  @Required
  @Pattern(ValidationPatterns.IMAGE_REPOSITORY)
  @Size(max = 255)
  @JsonPropertyDescription(
      "Registry host[:port] and optional path prefix; a service's image is"
          + " <repository>/<tenant>/<service>, e.g. registry.example:5000/aloft.")
  private String repository;

  @Pattern(ValidationPatterns.DNS_SUBDOMAIN)
  @Size(max = 253)
  @JsonPropertyDescription(
      "Name of a kubernetes.io/dockerconfigjson Secret in the platform's namespace with push and"
          + " pull credentials. Absent: the registry needs none.")
  private String credentialsSecret;

  @JsonPropertyDescription("Talk plain HTTP to the registry (local test registries only).")
  private Boolean insecure;

  public ImageRegistry() {}

  public ImageRegistry(String repository, String credentialsSecret, Boolean insecure) {
    this.repository = repository;
    this.credentialsSecret = credentialsSecret;
    this.insecure = insecure;
  }

  public String getRepository() {
    return repository;
  }

  public void setRepository(String repository) {
    this.repository = repository;
  }

  public String getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(String credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }

  public Boolean getInsecure() {
    return insecure;
  }

  public void setInsecure(Boolean insecure) {
    this.insecure = insecure;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageRegistry r
        && Objects.equals(repository, r.repository)
        && Objects.equals(credentialsSecret, r.credentialsSecret)
        && Objects.equals(insecure, r.insecure);
  }

  @Override
  public int hashCode() {
    return Objects.hash(repository, credentialsSecret, insecure);
  }

  @Override
  public String toString() {
    return "ImageRegistry{repository=%s, credentialsSecret=%s, insecure=%s}"
        .formatted(repository, credentialsSecret, insecure);
  }
}
