package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.aloft.crds.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Objects;

/** An amount of CPU and memory. Either may be absent, meaning "not set here". */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        "{\"properties\":{\"cpu\":{\"pattern\":\""
            + ValidationPatterns.QUANTITY
            + "\"},\"memory\":{\"pattern\":\""
            + ValidationPatterns.QUANTITY
            + "\"}}}")
public class ComputeResources {

  @JsonPropertyDescription("CPU as a Kubernetes quantity, e.g. 500m or 2.")
  private Quantity cpu;

  @JsonPropertyDescription("Memory as a Kubernetes quantity, e.g. 512Mi or 2Gi.")
  private Quantity memory;

  public ComputeResources() {}

  public ComputeResources(Quantity cpu, Quantity memory) {
    this.cpu = cpu;
    this.memory = memory;
  }

  /** Parses both amounts, e.g. {@code of("500m", "512Mi")}; null leaves one unset. */
  public static ComputeResources of(String cpu, String memory) {
    return new ComputeResources(
        cpu == null ? null : new Quantity(cpu), memory == null ? null : new Quantity(memory));
  }

  public Quantity getCpu() {
    return cpu;
  }

  public void setCpu(Quantity cpu) {
    this.cpu = cpu;
  }

  public Quantity getMemory() {
    return memory;
  }

  public void setMemory(Quantity memory) {
    this.memory = memory;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ComputeResources r
        && Objects.equals(cpu, r.cpu)
        && Objects.equals(memory, r.memory);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cpu, memory);
  }

  @Override
  public String toString() {
    return "ComputeResources{cpu=%s, memory=%s}".formatted(cpu, memory);
  }
}
