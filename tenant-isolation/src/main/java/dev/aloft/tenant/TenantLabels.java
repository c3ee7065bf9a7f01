package dev.aloft.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** The labels on everything a tenant gets. */
public final class TenantLabels {

  /** Which tenant an object belongs to; NetworkPolicies select the tenant's namespace by it. */
  public static final String TENANT = "aloft.dev/tenant";

  /** Kubernetes' recommended label naming the tool that manages an object. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** Value of {@link #MANAGED_BY}. */
  public static final String OPERATOR = "aloft-operator";

  private TenantLabels() {}

  /** {@code aloft.dev/tenant: <name>} and {@code app.kubernetes.io/managed-by: aloft-operator}. */
  public static Map<String, String> of(Tenant tenant) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(TENANT, TenantNames.tenantName(tenant));
    labels.put(MANAGED_BY, OPERATOR);
    return labels;
  }

  /** Metadata of a namespaced object {@code name} in the tenant's namespace, labelled. */
  static ObjectMeta metadata(Tenant tenant, PlatformSettings platform, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(TenantNames.namespace(tenant, platform))
        .withLabels(of(tenant))
        .build();
  }
}
