package dev.aloft.operator.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** The tenant admins' Role {@code aloft-tenant-admin}. */
public class TenantRoleDependent extends CRUDKubernetesDependentResource<Role, Tenant> {

  public TenantRoleDependent() {
    super(Role.class);
  }

  @Override
  protected Role desired(Tenant tenant, Context<Tenant> context) {
    return dev.aloft.tenant.TenantRbac.role(tenant, TenantDependentContext.platform(context));
  }
}
