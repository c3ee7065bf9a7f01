package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What one container of a service requests and may use at most. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ContainerResources {

  @JsonPropertyDescription("Guaranteed CPU and memory; the scheduler reserves these.")
  private ComputeResources requests;

  @JsonPropertyDescription("Most CPU (throttled above) and memory (killed above) it may use.")
  private ComputeResources limits;

  public ContainerResources() {}

  public ContainerResources(ComputeResources requests, ComputeResources limits) {
    this.requests = requests;
    this.limits = limits;
  }

  public ComputeResources getRequests() {
    return requests;
  }

  public void setRequests(ComputeResources requests) {
    this.requests = requests;
  }

  public ComputeResources getLimits() {
    return limits;
  }

  public void setLimits(ComputeResources limits) {
    this.limits = limits;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContainerResources r
        && Objects.equals(requests, r.requests)
        && Objects.equals(limits, r.limits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requests, limits);
  }

  @Override
  public String toString() {
    return "ContainerResources{requests=%s, limits=%s}".formatted(requests, limits);
  }
}
