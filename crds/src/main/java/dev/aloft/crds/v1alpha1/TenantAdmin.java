package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A user or group that administers a tenant: bound to the tenant's admin Role. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TenantAdmin {

  @Required
  @JsonPropertyDescription("User or Group, as the Kubernetes authenticator names them.")
  private AdminKind kind;

  @Required
  @Size(min = 1, max = 253)
  @Pattern(ValidationPatterns.TRIMMED_TEXT)
  @JsonPropertyDescription("User or group name as the cluster's authenticator reports it.")
  private String name;

  public TenantAdmin() {}

  public TenantAdmin(AdminKind kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  public static TenantAdmin user(String name) {
    return new TenantAdmin(AdminKind.USER, name);
  }

  public static TenantAdmin group(String name) {
    return new TenantAdmin(AdminKind.GROUP, name);
  }

  public AdminKind getKind() {
    return kind;
  }

  public void setKind(AdminKind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TenantAdmin a && kind == a.kind && Objects.equals(name, a.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name);
  }

  @Override
  public String toString() {
    return "TenantAdmin{kind=%s, name=%s}".formatted(kind, name);
  }
}
