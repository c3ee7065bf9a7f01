package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.aloft.crds.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/** What a tenant asks for. Every field is optional; absent ones take the platform's defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        "{\"properties\":{"
            + "\"admins\":{\"x-kubernetes-list-type\":\"map\","
            + "\"x-kubernetes-list-map-keys\":[\"kind\",\"name\"]},"
            + "\"allowedSourceHosts\":{\"x-kubernetes-list-type\":\"set\"}}}")
public class TenantSpec {

  @Size(max = 128)
  @JsonPropertyDescription("Human readable name, e.g. for the login page of the tenant's realm.")
  private String displayName;

  @JsonPropertyDescription("Totals the tenant may use (its namespace's ResourceQuota).")
  private TenantQuota quota;

  @JsonPropertyDescription("Per-container defaults and ceilings (its namespace's LimitRange).")
  private TenantLimits limits;

  @JsonPropertyDescription(
      "Network fence: Isolated (default; ingress from the tenant and the platform, egress to DNS,"
          + " the tenant and the platform), IngressOnly (egress open) or Disabled (no policies).")
  private NetworkPolicyMode networkPolicy;

  @Size(max = 64)
  @JsonPropertyDescription("Users and groups bound to the tenant's admin Role.")
  private List<TenantAdmin> admins;

  @Size(max = 64)
  @JsonPropertyDescription(
      "Git hosts (host or host:port, *.domain for its subdomains) the tenant's services may be"
          + " built from. Absent or empty: any host.")
  private List<@Pattern(ValidationPatterns.SOURCE_HOST) @Size(max = 259) String> allowedSourceHosts;

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public TenantQuota getQuota() {
    return quota;
  }

  public void setQuota(TenantQuota quota) {
    this.quota = quota;
  }

  public TenantLimits getLimits() {
    return limits;
  }

  public void setLimits(TenantLimits limits) {
    this.limits = limits;
  }

  public NetworkPolicyMode getNetworkPolicy() {
    return networkPolicy;
  }

  public void setNetworkPolicy(NetworkPolicyMode networkPolicy) {
    this.networkPolicy = networkPolicy;
  }

  public List<TenantAdmin> getAdmins() {
    return admins;
  }

  public void setAdmins(List<TenantAdmin> admins) {
    this.admins = admins;
  }

  public List<String> getAllowedSourceHosts() {
    return allowedSourceHosts;
  }

  public void setAllowedSourceHosts(List<String> allowedSourceHosts) {
    this.allowedSourceHosts = allowedSourceHosts;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TenantSpec s
        && Objects.equals(displayName, s.displayName)
        && Objects.equals(quota, s.quota)
        && Objects.equals(limits, s.limits)
        && networkPolicy == s.networkPolicy
        && Objects.equals(admins, s.admins)
        && Objects.equals(allowedSourceHosts, s.allowedSourceHosts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(displayName, quota, limits, networkPolicy, admins, allowedSourceHosts);
  }

  @Override
  public String toString() {
    return "TenantSpec{displayName=%s, quota=%s, limits=%s, networkPolicy=%s, admins=%s, allowedSourceHosts=%s}"
        .formatted(displayName, quota, limits, networkPolicy, admins, allowedSourceHosts);
  }
}
