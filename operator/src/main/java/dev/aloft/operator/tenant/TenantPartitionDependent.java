package dev.aloft.operator.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.NameSetter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;

/**
 * A tenant's partition in one of the platform's backends: lives outside Kubernetes, so no owner
 * reference removes it; the tenant's finalizer deletes it (the workflow's cleanup calls {@link
 * #delete}). {@code R} is the partition as its pure builder in {@code tenant-isolation} describes
 * it; the workflow sees it wrapped in a {@link TenantPartition}.
 */
public abstract class TenantPartitionDependent<R>
    implements DependentResource<TenantPartition, Tenant>, Deleter<Tenant>, NameSetter {

  /** Its name in the workflow, set from {@code @Dependent(name = ...)}. */
  private String name = DependentResource.defaultNameFor(getClass());

  @Override
  public String name() {
    return name;
  }

  @Override
  public void setName(String name) {
    this.name = name;
  }

  @Override
  public Class<TenantPartition> resourceType() {
    return TenantPartition.class;
  }

  /** The partition the tenant should have. */
  protected abstract R desired(Tenant tenant, Context<Tenant> context);

  /** Brings the backend in line with {@code desired}; true when it created the partition. */
  protected abstract boolean apply(R desired, Context<Tenant> context);

  /** Removes the partition and everything in it; absent is fine. */
  protected abstract void remove(R desired, Context<Tenant> context);

  @Override
  public ReconcileResult<TenantPartition> reconcile(Tenant tenant, Context<Tenant> context) {
    R desired = desired(tenant, context);
    TenantPartition partition = new TenantPartition(desired);
    return apply(desired, context)
        ? ReconcileResult.resourceCreated(partition)
        : ReconcileResult.noOperation(partition);
  }

  @Override
  public void delete(Tenant tenant, Context<Tenant> context) {
    remove(desired(tenant, context), context);
  }

  @Override
  public boolean isDeletable() {
    return true;
  }
}
