package dev.aloft.operator.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** The tenant's ResourceQuota {@code aloft-quota}. */
public class TenantResourceQuotaDependent
    extends CRUDKubernetesDependentResource<ResourceQuota, Tenant> {

  public TenantResourceQuotaDependent() {
    super(ResourceQuota.class);
  }

  /**
   * Amounts by value (the API server keeps {@code 1000} as {@code 1k}): see {@link
   * dev.aloft.tenant.TenantResourceQuota#states}.
   */
  @Override
  public Matcher.Result<ResourceQuota> match(
      ResourceQuota actual, ResourceQuota desired, Tenant tenant, Context<Tenant> context) {
    return Matcher.Result.computed(
        dev.aloft.tenant.TenantResourceQuota.states(actual, desired), desired);
  }

  @Override
  protected ResourceQuota desired(Tenant tenant, Context<Tenant> context) {
    return dev.aloft.tenant.TenantResourceQuota.desired(
        tenant, TenantDependentContext.platform(context));
  }
}
