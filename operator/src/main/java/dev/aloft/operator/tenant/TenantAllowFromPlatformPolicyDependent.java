package dev.aloft.operator.tenant;

import dev.aloft.tenant.TenantNetworkPolicies;

/** The tenant's NetworkPolicy {@link TenantNetworkPolicies#ALLOW_FROM_PLATFORM}. */
public class TenantAllowFromPlatformPolicyDependent extends TenantNetworkPolicyDependent {

  public TenantAllowFromPlatformPolicyDependent() {
    super(TenantNetworkPolicies.ALLOW_FROM_PLATFORM);
  }
}
