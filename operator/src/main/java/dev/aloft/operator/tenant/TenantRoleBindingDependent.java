package dev.aloft.operator.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** The RoleBinding {@code aloft-tenant-admin} of the Role to the ServiceAccount and spec.admins. */
public class TenantRoleBindingDependent
    extends CRUDKubernetesDependentResource<RoleBinding, Tenant> {

  public TenantRoleBindingDependent() {
    super(RoleBinding.class);
  }

  @Override
  protected RoleBinding desired(Tenant tenant, Context<Tenant> context) {
    return dev.aloft.tenant.TenantRbac.roleBinding(
        tenant, TenantDependentContext.platform(context));
  }
}
