package dev.aloft.operator.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.tenant.TenantNetworkPolicies;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.util.Optional;

/**
 * One of the tenant's NetworkPolicies, by name. Whether the tenant's mode wants it is decided by
 * {@link NetworkPolicyWantedCondition}; one that is not wanted is deleted.
 */
public abstract class TenantNetworkPolicyDependent
    extends CRUDKubernetesDependentResource<NetworkPolicy, Tenant> {

  private final String policyName;

  protected TenantNetworkPolicyDependent(String policyName) {
    super(NetworkPolicy.class);
    this.policyName = policyName;
  }

  /** The policy's name in the tenant's namespace. */
  public String policyName() {
    return policyName;
  }

  /** The policy as the tenant's mode wants it, or empty when the mode wants none of that name. */
  Optional<NetworkPolicy> wanted(Tenant tenant, Context<Tenant> context) {
    return TenantNetworkPolicies.desired(tenant, TenantDependentContext.platform(context)).stream()
        .filter(p -> p.getMetadata().getName().equals(policyName))
        .findFirst();
  }

  @Override
  protected NetworkPolicy desired(Tenant tenant, Context<Tenant> context) {
    return wanted(tenant, context)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "spec.networkPolicy "
                        + tenant.getSpec().getNetworkPolicy()
                        + " wants no "
                        + policyName));
  }
}
