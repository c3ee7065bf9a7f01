package dev.aloft.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;

/** The Kubernetes namespace {@code aloft-<tenant>} that holds a tenant's workloads. */
public final class TenantNamespace {

  private TenantNamespace() {}

  /** The namespace, labelled with the tenant (NetworkPolicies select it by that label). */
  public static Namespace desired(Tenant tenant, PlatformSettings platform) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(TenantNames.namespace(tenant, platform))
        .withLabels(TenantLabels.of(tenant))
        .endMetadata()
        .build();
  }
}
