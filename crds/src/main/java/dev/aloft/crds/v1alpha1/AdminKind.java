package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a tenant admin names one Kubernetes user or a group of them. */
public enum AdminKind {
  @JsonProperty("User")
  USER,
  @JsonProperty("Group")
  GROUP
}
