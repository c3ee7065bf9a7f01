package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * Per-container defaults and ceilings in a tenant's namespace (a LimitRange). Each absent amount
 * takes the platform's default.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TenantLimits {

  @JsonPropertyDescription("Requests given to a container that states none.")
  private ComputeResources defaultRequest;

  @JsonPropertyDescription("Limits given to a container that states none.")
  private ComputeResources defaultLimit;

  @JsonPropertyDescription("Highest limits any one container may have.")
  private ComputeResources max;

  public TenantLimits() {}

  public TenantLimits(
      ComputeResources defaultRequest, ComputeResources defaultLimit, ComputeResources max) {
    this.defaultRequest = defaultRequest;
    this.defaultLimit = defaultLimit;
    this.max = max;
  }

  public ComputeResources getDefaultRequest() {
    return defaultRequest;
  }

  public void setDefaultRequest(ComputeResources defaultRequest) {
    this.defaultRequest = defaultRequest;
  }

  public ComputeResources getDefaultLimit() {
    return defaultLimit;
  }

  public void setDefaultLimit(ComputeResources defaultLimit) {
    this.defaultLimit = defaultLimit;
  }

  public ComputeResources getMax() {
    return max;
  }

  public void setMax(ComputeResources max) {
    this.max = max;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TenantLimits l
        && Objects.equals(defaultRequest, l.defaultRequest)
        && Objects.equals(defaultLimit, l.defaultLimit)
        && Objects.equals(max, l.max);
  }

  @Override
  public int hashCode() {
    return Objects.hash(defaultRequest, defaultLimit, max);
  }

  @Override
  public String toString() {
    return "TenantLimits{defaultRequest=%s, defaultLimit=%s, max=%s}"
        .formatted(defaultRequest, defaultLimit, max);
  }
}
