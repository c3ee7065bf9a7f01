package dev.aloft.operator.tenant;

import dev.aloft.tenant.TenantNetworkPolicies;

/** The tenant's NetworkPolicy {@link TenantNetworkPolicies#ALLOW_FROM_TENANT}. */
public class TenantAllowFromTenantPolicyDependent extends TenantNetworkPolicyDependent {

  public TenantAllowFromTenantPolicyDependent() {
    super(TenantNetworkPolicies.ALLOW_FROM_TENANT);
  }
}
