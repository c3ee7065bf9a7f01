package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.aloft.crds.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/** What the operator observed of a tenant. Written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        "{\"properties\":{\"conditions\":{\"x-kubernetes-list-type\":\"map\","
            + "\"x-kubernetes-list-map-keys\":[\"type\"]}}}")
public class TenantStatus {

  /** Namespace, ResourceQuota, LimitRange, NetworkPolicies and RBAC exist as the spec says. */
  public static final String CONDITION_ISOLATED = "Isolated";

  /** The tenant's Keycloak realm and client exist. */
  public static final String CONDITION_IDENTITY_READY = "IdentityReady";

  /** The tenant's partitions in config, store and events backends exist. */
  public static final String CONDITION_PARTITIONS_READY = "PartitionsReady";

  /** All of the above. */
  public static final String CONDITION_READY = "Ready";

  @JsonPropertyDescription("Summary: Pending, Provisioning, Ready or Failed.")
  private TenantPhase phase;

  @Size(max = 63)
  @JsonPropertyDescription("The Kubernetes namespace that holds the tenant's workloads.")
  private String namespace;

  @Size(max = 255)
  @JsonPropertyDescription("The Keycloak realm that issues the tenant's identities.")
  private String realm;

  @Size(max = 16)
  @JsonPropertyDescription("Isolated, IdentityReady, PartitionsReady and Ready.")
  private List<Condition> conditions;

  @Min(0)
  @JsonPropertyDescription("metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  public TenantPhase getPhase() {
    return phase;
  }

  public void setPhase(TenantPhase phase) {
    this.phase = phase;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getRealm() {
    return realm;
  }

  public void setRealm(String realm) {
    this.realm = realm;
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
    return o instanceof TenantStatus s
        && phase == s.phase
        && Objects.equals(namespace, s.namespace)
        && Objects.equals(realm, s.realm)
        && Objects.equals(conditions, s.conditions)
        && Objects.equals(observedGeneration, s.observedGeneration);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phase, namespace, realm, conditions, observedGeneration);
  }

  @Override
  public String toString() {
    return "TenantStatus{phase=%s, namespace=%s, realm=%s, conditions=%s, observedGeneration=%s}"
        .formatted(phase, namespace, realm, conditions, observedGeneration);
  }
}
