package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The status of a {@link Condition}, spelled as Kubernetes spells it. */
public enum ConditionStatus {
  @JsonProperty("True")
  TRUE,
  @JsonProperty("False")
  FALSE,
  @JsonProperty("Unknown")
  UNKNOWN
}
