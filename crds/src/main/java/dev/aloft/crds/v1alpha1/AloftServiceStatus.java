package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.aloft.crds.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.List;
import java.util.Objects;

/** What the operator observed of a service. Written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        "{\"properties\":{\"conditions\":{\"x-kubernetes-list-type\":\"map\","
            + "\"x-kubernetes-list-map-keys\":[\"type\"]}}}")
public class AloftServiceStatus {

  /** The source at spec.source.ref was fetched; status.revision names the commit. */
  public static final String CONDITION_SOURCE_FETCHED = "SourceFetched";

  /** The image was built and pushed; status.image names it by digest. */
  public static final String CONDITION_BUILT = "Built";

  /** The Deployment and Kubernetes Service exist for status.image. */
  public static final String CONDITION_DEPLOYED = "Deployed";

  /** All desired replicas are ready and the service is registered. */
  public static final String CONDITION_READY = "Ready";

  @JsonPropertyDescription("Summary: Pending, Building, Starting, Running or Error.")
  private ServicePhase phase;

  @Pattern(ValidationPatterns.IMAGE_DIGEST_REFERENCE)
  @Size(max = 512)
  @JsonPropertyDescription("Image deployed, pinned by digest: <repository>@sha256:<digest>.")
  private String image;

  @Pattern(ValidationPatterns.GIT_COMMIT)
  @JsonPropertyDescription("Commit the image was built from. Absent for image and promotion.")
  private String revision;

  @Min(0)
  @StatusReplicas
  @JsonPropertyDescription("Replicas desired after defaulting.")
  private Integer replicas;

  @Min(0)
  @JsonPropertyDescription("Replicas ready to serve.")
  private Integer readyReplicas;

  @Size(max = 16)
  @JsonPropertyDescription("SourceFetched, Built, Deployed and Ready.")
  private List<Condition> conditions;

  @Min(0)
  @JsonPropertyDescription("metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  public ServicePhase getPhase() {
    return phase;
  }

  public void setPhase(ServicePhase phase) {
    this.phase = phase;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getRevision() {
    return revision;
  }

  public void setRevision(String revision) {
    this.revision = revision;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AloftServiceStatus s
        && phase == s.phase
        && Objects.equals(image, s.image)
        && Objects.equals(revision, s.revision)
        && Objects.equals(replicas, s.replicas)
        && Objects.equals(readyReplicas, s.readyReplicas)
        && Objects.equals(conditions, s.conditions)
        && Objects.equals(observedGeneration, s.observedGeneration);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        phase, image, revision, replicas, readyReplicas, conditions, observedGeneration);
  }

  @Override
  public String toString() {
    return "AloftServiceStatus{phase=%s, image=%s, revision=%s, replicas=%s, readyReplicas=%s, conditions=%s, observedGeneration=%s}"
        .formatted(phase, image, revision, replicas, readyReplicas, conditions, observedGeneration);
  }
}
