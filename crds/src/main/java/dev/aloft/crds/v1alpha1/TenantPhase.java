package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a tenant is in its life, summarised from its conditions. */
public enum TenantPhase {
  /** Seen, nothing created yet. */
  @JsonProperty("Pending")
  PENDING,
  /** Its namespace, policies, identity realm or partitions are being created or updated. */
  @JsonProperty("Provisioning")
  PROVISIONING,
  /** Everything it gets exists and matches its spec. */
  @JsonProperty("Ready")
  READY,
  /** Provisioning failed; the conditions say why. */
  @JsonProperty("Failed")
  FAILED
}
