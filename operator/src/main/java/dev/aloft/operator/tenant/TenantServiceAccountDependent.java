package dev.aloft.operator.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** The tenant admins' ServiceAccount {@code aloft-tenant-admin}. */
public class TenantServiceAccountDependent
    extends CRUDKubernetesDependentResource<ServiceAccount, Tenant> {

  public TenantServiceAccountDependent() {
    super(ServiceAccount.class);
  }

  @Override
  protected ServiceAccount desired(Tenant tenant, Context<Tenant> context) {
    return dev.aloft.tenant.TenantRbac.serviceAccount(
        tenant, TenantDependentContext.platform(context));
  }
}
