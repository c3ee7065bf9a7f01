package dev.aloft.operator.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/**
 * The tenant's Kubernetes namespace {@code aloft-<tenant>}, owned by the tenant: deleting the
 * tenant deletes it and all it holds.
 */
public class TenantNamespaceDependent extends CRUDKubernetesDependentResource<Namespace, Tenant> {

  public TenantNamespaceDependent() {
    super(Namespace.class);
  }

  @Override
  protected Namespace desired(Tenant tenant, Context<Tenant> context) {
    return dev.aloft.tenant.TenantNamespace.desired(
        tenant, TenantDependentContext.platform(context));
  }
}
