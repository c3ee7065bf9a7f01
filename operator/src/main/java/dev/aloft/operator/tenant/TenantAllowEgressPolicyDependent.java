package dev.aloft.operator.tenant;

import dev.aloft.tenant.TenantNetworkPolicies;

/** The tenant's NetworkPolicy {@link TenantNetworkPolicies#ALLOW_EGRESS}. */
public class TenantAllowEgressPolicyDependent extends TenantNetworkPolicyDependent {

  public TenantAllowEgressPolicyDependent() {
    super(TenantNetworkPolicies.ALLOW_EGRESS);
  }
}
