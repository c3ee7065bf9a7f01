package dev.aloft.operator.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.operator.partition.EtcdPartitions;
import dev.aloft.operator.partition.JetStreamPartitions;
import dev.aloft.operator.partition.PostgresPartitions;
import dev.aloft.tenant.BackendPrefixes;
import dev.aloft.tenant.PlatformSettings;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * What the tenant reconciler hands its dependents: the platform settings, the backends' prefixes
 * and the clients of the backends that hold the tenant's partitions.
 */
final class TenantDependentContext {

  private TenantDependentContext() {}

  /** The backends a tenant's partitions live in. */
  record Backends(
      BackendPrefixes prefixes,
      EtcdPartitions etcd,
      PostgresPartitions postgres,
      JetStreamPartitions jetStream) {}

  static void put(Context<Tenant> context, PlatformSettings platform, Backends backends) {
    var shared = context.managedWorkflowAndDependentResourceContext();
    shared.put(PlatformSettings.class, platform);
    shared.put(BackendPrefixes.class, backends.prefixes());
    shared.put(EtcdPartitions.class, backends.etcd());
    shared.put(PostgresPartitions.class, backends.postgres());
    shared.put(JetStreamPartitions.class, backends.jetStream());
  }

  static PlatformSettings platform(Context<Tenant> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(PlatformSettings.class, PlatformSettings.class);
  }

  static BackendPrefixes backendPrefixes(Context<Tenant> context) {
    return backend(context, BackendPrefixes.class);
  }

  static <T> T backend(Context<Tenant> context, Class<T> type) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(type, type);
  }
}
