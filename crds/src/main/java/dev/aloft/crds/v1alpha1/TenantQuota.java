package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.aloft.crds.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Objects;

/**
 * Totals a tenant may use across its namespace (a ResourceQuota). Each absent field takes the
 * platform's default.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        "{\"properties\":{"
            + "\"requestsCpu\":{\"pattern\":\""
            + ValidationPatterns.QUANTITY
            + "\"},\"requestsMemory\":{\"pattern\":\""
            + ValidationPatterns.QUANTITY
            + "\"},\"limitsCpu\":{\"pattern\":\""
            + ValidationPatterns.QUANTITY
            + "\"},\"limitsMemory\":{\"pattern\":\""
            + ValidationPatterns.QUANTITY
            + "\"}}}")
public class TenantQuota {

  @JsonPropertyDescription("Sum of CPU requests of all pods, e.g. 4.")
  private Quantity requestsCpu;

  @JsonPropertyDescription("Sum of memory requests of all pods, e.g. 8Gi.")
  private Quantity requestsMemory;

  @JsonPropertyDescription("Sum of CPU limits of all pods, e.g. 8.")
  private Quantity limitsCpu;

  @JsonPropertyDescription("Sum of memory limits of all pods, e.g. 16Gi.")
  private Quantity limitsMemory;

  @Min(0)
  @Max(10000)
  @JsonPropertyDescription("Most pods at once, builds included.")
  private Integer pods;

  @Min(0)
  @Max(10000)
  @JsonPropertyDescription("Most Aloft Services (services.aloft.dev) in the tenant.")
  private Integer services;

  public Quantity getRequestsCpu() {
    return requestsCpu;
  }

  public void setRequestsCpu(Quantity requestsCpu) {
    this.requestsCpu = requestsCpu;
  }

  public Quantity getRequestsMemory() {
    return requestsMemory;
  }

  public void setRequestsMemory(Quantity requestsMemory) {
    this.requestsMemory = requestsMemory;
  }

  public Quantity getLimitsCpu() {
    return limitsCpu;
  }

  public void setLimitsCpu(Quantity limitsCpu) {
    this.limitsCpu = limitsCpu;
  }

  public Quantity getLimitsMemory() {
    return limitsMemory;
  }

  public void setLimitsMemory(Quantity limitsMemory) {
    this.limitsMemory = limitsMemory;
  }

  public Integer getPods() {
    return pods;
  }

  public void setPods(Integer pods) {
    this.pods = pods;
  }

  public Integer getServices() {
    return services;
  }

  public void setServices(Integer services) {
    this.services = services;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TenantQuota q
        && Objects.equals(requestsCpu, q.requestsCpu)
        && Objects.equals(requestsMemory, q.requestsMemory)
        && Objects.equals(limitsCpu, q.limitsCpu)
        && Objects.equals(limitsMemory, q.limitsMemory)
        && Objects.equals(pods, q.pods)
        && Objects.equals(services, q.services);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requestsCpu, requestsMemory, limitsCpu, limitsMemory, pods, services);
  }

  @Override
  public String toString() {
    return "TenantQuota{requestsCpu=%s, requestsMemory=%s, limitsCpu=%s, limitsMemory=%s, pods=%s, services=%s}"
        .formatted(requestsCpu, requestsMemory, limitsCpu, limitsMemory, pods, services);
  }
}
