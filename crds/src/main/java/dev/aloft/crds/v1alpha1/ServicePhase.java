package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a service is on its way from source to running, as {@code aloft status} shows it. */
public enum ServicePhase {
  /** Seen, no work started. */
  @JsonProperty("Pending")
  PENDING,
  /** Fetching source or building the image. */
  @JsonProperty("Building")
  BUILDING,
  /** Image ready, Deployment rolling out. */
  @JsonProperty("Starting")
  STARTING,
  /** All desired replicas ready. */
  @JsonProperty("Running")
  RUNNING,
  /** Something failed; the conditions say what. */
  @JsonProperty("Error")
  ERROR
}
