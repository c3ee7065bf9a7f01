package dev.aloft.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.crds.v1alpha1.ValidationPatterns;

/** The names derived from a tenant's name, checked once here. */
public final class TenantNames {

  /** Prefix of a tenant's Kubernetes namespace and Keycloak realm. */
  public static final String PREFIX = "aloft-";

  private TenantNames() {}

  /**
   * The tenant's name, checked against what its CRD schema allows: the API server enforces that
   * too, this check keeps the builders safe for resources that did not come through it.
   */
  public static String tenantName(Tenant tenant) {
    if (tenant == null || tenant.getMetadata() == null) {
      throw new IllegalArgumentException("tenant has no metadata");
    }
    String name = tenant.getMetadata().getName();
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("tenant has no metadata.name");
    }
    if (name.length() > ValidationPatterns.TENANT_NAME_MAX_LENGTH) {
      throw new IllegalArgumentException(
          "tenant metadata.name '"
              + name
              + "' is "
              + name.length()
              + " characters long, at most "
              + ValidationPatterns.TENANT_NAME_MAX_LENGTH
              + " fit into its namespace name "
              + PREFIX
              + "<name>");
    }
    if (!name.matches(ValidationPatterns.TENANT_NAME)) {
      throw new IllegalArgumentException(
          "tenant metadata.name '"
              + name
              + "' must be lower case letters, digits and '-', start with a letter and end with a"
              + " letter or digit");
    }
    return name;
  }

  /** The Kubernetes namespace of the tenant's workloads: {@code aloft-<name>}. */
  public static String namespace(Tenant tenant) {
    return PREFIX + tenantName(tenant);
  }

  /**
   * The namespace, refused when it is the platform's own (a tenant named after it, e.g. {@code
   * system} for {@code aloft-system}).
   */
  public static String namespace(Tenant tenant, PlatformSettings platform) {
    String namespace = namespace(tenant);
    if (namespace.equals(platform.namespace())) {
      throw new IllegalArgumentException(
          "tenant '"
              + tenantName(tenant)
              + "' would get namespace "
              + namespace
              + ", which is the platform's own; choose another tenant name");
    }
    return namespace;
  }

  /** The Keycloak realm that issues the tenant's identities: {@code aloft-<name>}. */
  public static String realm(Tenant tenant) {
    return PREFIX + tenantName(tenant);
  }
}
