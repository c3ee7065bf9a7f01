package dev.aloft.operator.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.operator.partition.JetStreamPartitions;
import dev.aloft.tenant.TenantJetStreamPartition;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The tenant's subject space in NATS JetStream, from {@link TenantJetStreamPartition}: its streams
 * appear with the first event of each topic; applying checks JetStream answers, removing deletes
 * them.
 */
public class TenantJetStreamPartitionDependent
    extends TenantPartitionDependent<TenantJetStreamPartition> {

  @Override
  protected TenantJetStreamPartition desired(Tenant tenant, Context<Tenant> context) {
    return TenantJetStreamPartition.desired(
        tenant, TenantDependentContext.backendPrefixes(context));
  }

  @Override
  protected boolean apply(TenantJetStreamPartition desired, Context<Tenant> context) {
    TenantDependentContext.backend(context, JetStreamPartitions.class).apply(desired);
    return false;
  }

  @Override
  protected void remove(TenantJetStreamPartition desired, Context<Tenant> context) {
    TenantDependentContext.backend(context, JetStreamPartitions.class).delete(desired);
  }
}
