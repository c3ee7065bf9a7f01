package dev.aloft.operator.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** The tenant's LimitRange {@code aloft-limits}. */
public class TenantLimitRangeDependent extends CRUDKubernetesDependentResource<LimitRange, Tenant> {

  public TenantLimitRangeDependent() {
    super(LimitRange.class);
  }

  @Override
  protected LimitRange desired(Tenant tenant, Context<Tenant> context) {
    return dev.aloft.tenant.TenantLimitRange.desired(
        tenant, TenantDependentContext.platform(context));
  }
}
