package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.aloft.crds.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.List;
import java.util.Objects;

/**
 * What a service runs and where: exactly one of {@code source} (build from git), {@code image} (run
 * as is) and {@code promotion} (the digest another environment runs).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        "{\"oneOf\":[{\"required\":[\"source\"]},{\"required\":[\"image\"]},"
            + "{\"required\":[\"promotion\"]}],"
            + "\"properties\":{\"env\":{\"x-kubernetes-list-type\":\"map\","
            + "\"x-kubernetes-list-map-keys\":[\"name\"]}}}")
public class AloftServiceSpec {

  @Required
  @Pattern(ValidationPatterns.KUBERNETES_NAME)
  @Size(max = ValidationPatterns.NAME_MAX_LENGTH)
  @JsonPropertyDescription("Name of the aloft.dev Environment to deploy to, e.g. dev.")
  private String environment;

  @JsonPropertyDescription("Build from git. Exactly one of source, image and promotion is set.")
  private ServiceSource source;

  @Pattern(ValidationPatterns.IMAGE_REFERENCE)
  @Size(max = 512)
  @JsonPropertyDescription(
      "Run this image as is, e.g. registry.example/acme/orders:1.2 or ...@sha256:<digest>.")
  private String image;

  @JsonPropertyDescription("Run the image another environment runs, pinned by digest.")
  private Promotion promotion;

  @Size(max = 256)
  @JsonPropertyDescription("Environment variables of the service's container, unique by name.")
  private List<ServiceEnvVar> env;

  @Min(0)
  @Max(100)
  @SpecReplicas
  @JsonPropertyDescription("Instances to run. Absent: the environment's defaultReplicas.")
  private Integer replicas;

  @JsonPropertyDescription(
      "Container requests and limits. Absent: the environment's defaultResources.")
  private ContainerResources resources;

  public String getEnvironment() {
    return environment;
  }

  public void setEnvironment(String environment) {
    this.environment = environment;
  }

  public ServiceSource getSource() {
    return source;
  }

  public void setSource(ServiceSource source) {
    this.source = source;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public Promotion getPromotion() {
    return promotion;
  }

  public void setPromotion(Promotion promotion) {
    this.promotion = promotion;
  }

  public List<ServiceEnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<ServiceEnvVar> env) {
    this.env = env;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public ContainerResources getResources() {
    return resources;
  }

  public void setResources(ContainerResources resources) {
    this.resources = resources;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AloftServiceSpec s
        && Objects.equals(environment, s.environment)
        && Objects.equals(source, s.source)
        && Objects.equals(image, s.image)
        && Objects.equals(promotion, s.promotion)
        && Objects.equals(env, s.env)
        && Objects.equals(replicas, s.replicas)
        && Objects.equals(resources, s.resources);
  }

  @Override
  public int hashCode() {
    return Objects.hash(environment, source, image, promotion, env, replicas, resources);
  }

  @Override
  public String toString() {
    return "AloftServiceSpec{environment=%s, source=%s, image=%s, promotion=%s, env=%s, replicas=%s, resources=%s}"
        .formatted(environment, source, image, promotion, env, replicas, resources);
  }
}
