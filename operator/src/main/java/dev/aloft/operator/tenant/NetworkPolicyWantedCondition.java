package dev.aloft.operator.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** True when the tenant's spec.networkPolicy mode wants the dependent's policy. */
public class NetworkPolicyWantedCondition implements Condition<NetworkPolicy, Tenant> {

  @Override
  public boolean isMet(
      DependentResource<NetworkPolicy, Tenant> dependentResource,
      Tenant tenant,
      Context<Tenant> context) {
    return ((TenantNetworkPolicyDependent) dependentResource).wanted(tenant, context).isPresent();
  }
}
