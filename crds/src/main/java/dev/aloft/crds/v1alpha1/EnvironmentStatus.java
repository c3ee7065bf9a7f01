package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.aloft.crds.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/** What the operator observed of an environment. Written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        "{\"properties\":{\"conditions\":{\"x-kubernetes-list-type\":\"map\","
            + "\"x-kubernetes-list-map-keys\":[\"type\"]}}}")
public class EnvironmentStatus {

  /** The image registry is reachable with the given credentials. */
  public static final String CONDITION_REGISTRY_REACHABLE = "RegistryReachable";

  /** The environment can take deployments. */
  public static final String CONDITION_READY = "Ready";

  @Min(0)
  @JsonPropertyDescription("Aloft Services deployed to this environment, in all tenants.")
  private Integer services;

  @Min(0)
  @JsonPropertyDescription("Those of them whose Ready condition is True.")
  private Integer readyServices;

  @Size(max = 16)
  @JsonPropertyDescription("RegistryReachable and Ready.")
  private List<Condition> conditions;

  @Min(0)
  @JsonPropertyDescription("metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  public Integer getServices() {
    return services;
  }

  public void setServices(Integer services) {
    this.services = services;
  }

  public Integer getReadyServices() {
    return readyServices;
  }

  public void setReadyServices(Integer readyServices) {
    this.readyServices = readyServices;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnvironmentStatus s
        && Objects.equals(services, s.services)
        && Objects.equals(readyServices, s.readyServices)
        && Objects.equals(conditions, s.conditions)
        && Objects.equals(observedGeneration, s.observedGeneration);
  }

  @Override
  public int hashCode() {
    return Objects.hash(services, readyServices, conditions, observedGeneration);
  }

  @Override
  public String toString() {
    return "EnvironmentStatus{services=%s, readyServices=%s, conditions=%s, observedGeneration=%s}"
        .formatted(services, readyServices, conditions, observedGeneration);
  }
}
