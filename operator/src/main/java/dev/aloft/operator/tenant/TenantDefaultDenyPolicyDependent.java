package dev.aloft.operator.tenant;

import dev.aloft.tenant.TenantNetworkPolicies;

/** The tenant's NetworkPolicy {@link TenantNetworkPolicies#DEFAULT_DENY}. */
public class TenantDefaultDenyPolicyDependent extends TenantNetworkPolicyDependent {

  public TenantDefaultDenyPolicyDependent() {
    super(TenantNetworkPolicies.DEFAULT_DENY);
  }
}
