package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a tenant's pods are fenced in by NetworkPolicies. */
public enum NetworkPolicyMode {
  /**
   * Ingress only from the same tenant and the platform; egress only to DNS, the same tenant and the
   * platform. The default.
   */
  @JsonProperty("Isolated")
  ISOLATED,
  /** Ingress as {@link #ISOLATED}; egress anywhere (e.g. to external databases or APIs). */
  @JsonProperty("IngressOnly")
  INGRESS_ONLY,
  /** No NetworkPolicies at all, e.g. on a cluster whose network plugin ignores them. */
  @JsonProperty("Disabled")
  DISABLED
}
