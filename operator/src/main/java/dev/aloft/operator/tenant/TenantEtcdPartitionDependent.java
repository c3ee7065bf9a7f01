package dev.aloft.operator.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.operator.partition.EtcdPartitions;
import dev.aloft.tenant.TenantEtcdPartition;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The tenant's partition of etcd (config and registry), from {@link TenantEtcdPartition}. */
public class TenantEtcdPartitionDependent extends TenantPartitionDependent<TenantEtcdPartition> {

  @Override
  protected TenantEtcdPartition desired(Tenant tenant, Context<Tenant> context) {
    return TenantEtcdPartition.desired(tenant, TenantDependentContext.backendPrefixes(context));
  }

  @Override
  protected boolean apply(TenantEtcdPartition desired, Context<Tenant> context) {
    return TenantDependentContext.backend(context, EtcdPartitions.class).apply(desired);
  }

  @Override
  protected void remove(TenantEtcdPartition desired, Context<Tenant> context) {
    TenantDependentContext.backend(context, EtcdPartitions.class).delete(desired);
  }
}
