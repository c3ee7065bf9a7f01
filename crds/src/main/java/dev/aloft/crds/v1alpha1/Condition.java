package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.aloft.crds.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * One aspect of a resource's state, in the shape of Kubernetes' {@code metav1.Condition}: every
 * field but {@code observedGeneration} is required, {@code message} may be empty.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input = "{\"properties\":{\"lastTransitionTime\":{\"format\":\"date-time\"}}}")
public class Condition {

  @Required
  @Pattern(ValidationPatterns.CONDITION_TYPE)
  @Size(min = 1, max = 316)
  @JsonPropertyDescription("Aspect this condition describes, in CamelCase, e.g. Ready.")
  private String type;

  @Required
  @JsonPropertyDescription("Whether the aspect holds: True, False or Unknown.")
  private ConditionStatus status;

  @Min(0)
  @JsonPropertyDescription(
      "metadata.generation of the resource that this condition was computed from.")
  private Long observedGeneration;

  @Required
  @JsonPropertyDescription(
      "When status last changed, RFC 3339 date-time (UTC), e.g. 2026-01-31T12:00:00Z.")
  private String lastTransitionTime;

  @Required
  @Pattern(ValidationPatterns.CONDITION_REASON)
  @Size(min = 1, max = 1024)
  @JsonPropertyDescription("Programmatic reason for the last transition, in CamelCase.")
  private String reason;

  @Required
  @Size(max = 32768)
  @JsonPropertyDescription("Human readable details of the last transition; may be empty.")
  private String message;

  public Condition() {}

  public Condition(
      String type,
      ConditionStatus status,
      Long observedGeneration,
      String lastTransitionTime,
      String reason,
      String message) {
    this.type = type;
    this.status = status;
    this.observedGeneration = observedGeneration;
    this.lastTransitionTime = lastTransitionTime;
    this.reason = reason;
    this.message = message;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public ConditionStatus getStatus() {
    return status;
  }

  public void setStatus(ConditionStatus status) {
    this.status = status;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Condition c
        && Objects.equals(type, c.type)
        && status == c.status
        && Objects.equals(observedGeneration, c.observedGeneration)
        && Objects.equals(lastTransitionTime, c.lastTransitionTime)
        && Objects.equals(reason, c.reason)
        && Objects.equals(message, c.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, status, observedGeneration, lastTransitionTime, reason, message);
  }

  @Override
  public String toString() {
    return "Condition{type=%s, status=%s, observedGeneration=%s, lastTransitionTime=%s, reason=%s, message=%s}"
        .formatted(type, status, observedGeneration, lastTransitionTime, reason, message);
  }
}
