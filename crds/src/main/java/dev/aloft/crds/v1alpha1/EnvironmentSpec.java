package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.aloft.crds.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/** A stage such as dev or prod: defaults for the services deployed to it, and who may deploy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input = "{\"properties\":{\"allowedTenants\":{\"x-kubernetes-list-type\":\"set\"}}}")
public class EnvironmentSpec {

  @Size(max = 1024)
  @JsonPropertyDescription("What this environment is for.")
  private String description;

  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Replicas of a service that states none.")
  private Integer defaultReplicas;

  @JsonPropertyDescription("Container requests and limits of a service that states none.")
  private ContainerResources defaultResources;

  @Pattern(ValidationPatterns.DNS_SUBDOMAIN)
  @Size(max = 253)
  @JsonPropertyDescription(
      "DNS domain under which services are reachable: <service>.<tenant>.<domain>.")
  private String domain;

  @Required
  @JsonPropertyDescription("Registry that images built for this environment are pushed to.")
  private ImageRegistry imageRegistry;

  @Size(max = 256)
  @JsonPropertyDescription(
      "Tenants (names of aloft.dev Namespaces, or * for all) that may deploy here. Absent or"
          + " empty: every tenant.")
  private List<
          @Pattern(ValidationPatterns.TENANT_NAME_OR_ANY)
          @Size(max = ValidationPatterns.TENANT_NAME_MAX_LENGTH) String>
      allowedTenants;

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public Integer getDefaultReplicas() {
    return defaultReplicas;
  }

  public void setDefaultReplicas(Integer defaultReplicas) {
    this.defaultReplicas = defaultReplicas;
  }

  public ContainerResources getDefaultResources() {
    return defaultResources;
  }

  public void setDefaultResources(ContainerResources defaultResources) {
    this.defaultResources = defaultResources;
  }

  public String getDomain() {
    return domain;
  }

  public void setDomain(String domain) {
    this.domain = domain;
  }

  public ImageRegistry getImageRegistry() {
    return imageRegistry;
  }

  public void setImageRegistry(ImageRegistry imageRegistry) {
    this.imageRegistry = imageRegistry;
  }

  public List<String> getAllowedTenants() {
    return allowedTenants;
  }

  public void setAllowedTenants(List<String> allowedTenants) {
    this.allowedTenants = allowedTenants;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnvironmentSpec s
        && Objects.equals(description, s.description)
        && Objects.equals(defaultReplicas, s.defaultReplicas)
        && Objects.equals(defaultResources, s.defaultResources)
        && Objects.equals(domain, s.domain)
        && Objects.equals(imageRegistry, s.imageRegistry)
        && Objects.equals(allowedTenants, s.allowedTenants);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        description, defaultReplicas, defaultResources, domain, imageRegistry, allowedTenants);
  }

  @Override
  public String toString() {
    return "EnvironmentSpec{description=%s, defaultReplicas=%s, defaultResources=%s, domain=%s, imageRegistry=%s, allowedTenants=%s}"
        .formatted(
            description, defaultReplicas, defaultResources, domain, imageRegistry, allowedTenants);
  }
}
