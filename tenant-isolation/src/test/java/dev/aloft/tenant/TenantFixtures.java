package dev.aloft.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.crds.v1alpha1.TenantSpec;
import java.util.List;
import java.util.Map;

/** Tenants and a platform to build from. */
final class TenantFixtures {

  static final PlatformSettings PLATFORM =
      PlatformSettings.of("aloft-system", List.of("https://aloft.example/*"));

  static final Map<String, String> ACME_LABELS =
      Map.of("aloft.dev/tenant", "acme", "app.kubernetes.io/managed-by", "aloft-operator");

  private TenantFixtures() {}

  /** Tenant {@code name} with an empty spec: every default applies. */
  static Tenant tenant(String name) {
    return tenant(name, new TenantSpec());
  }

  static Tenant tenant(String name, TenantSpec spec) {
    Tenant tenant = new Tenant();
    tenant.getMetadata().setName(name);
    tenant.setSpec(spec);
    return tenant;
  }
}
