package dev.aloft.operator.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.operator.partition.PostgresPartitions;
import dev.aloft.tenant.TenantPostgresPartition;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The tenant's schema in the PostgreSQL store, from {@link TenantPostgresPartition}. */
public class TenantPostgresSchemaDependent
    extends TenantPartitionDependent<TenantPostgresPartition> {

  @Override
  protected TenantPostgresPartition desired(Tenant tenant, Context<Tenant> context) {
    return TenantPostgresPartition.desired(tenant, TenantDependentContext.backendPrefixes(context));
  }

  @Override
  protected boolean apply(TenantPostgresPartition desired, Context<Tenant> context) {
    return TenantDependentContext.backend(context, PostgresPartitions.class).apply(desired);
  }

  @Override
  protected void remove(TenantPostgresPartition desired, Context<Tenant> context) {
    TenantDependentContext.backend(context, PostgresPartitions.class).delete(desired);
  }
}
