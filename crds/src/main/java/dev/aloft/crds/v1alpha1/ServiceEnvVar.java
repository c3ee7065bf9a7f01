package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.aloft.crds.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** An environment variable of a service's container: a literal value or a Secret's key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input = "{\"oneOf\":[{\"required\":[\"value\"]},{\"required\":[\"fromSecret\"]}]}")
public class ServiceEnvVar {

  @Required
  @Pattern(ValidationPatterns.ENV_VAR_NAME)
  @Size(max = 256)
  @JsonPropertyDescription("Variable name, a C identifier.")
  private String name;

  @Size(max = 32768)
  @JsonPropertyDescription("Literal value. Exactly one of value and fromSecret is set.")
  private String value;

  @JsonPropertyDescription("Take the value from a Secret in the service's namespace.")
  private SecretKeyReference fromSecret;

  public ServiceEnvVar() {}

  public ServiceEnvVar(String name, String value, SecretKeyReference fromSecret) {
    this.name = name;
    this.value = value;
    this.fromSecret = fromSecret;
  }

  public static ServiceEnvVar literal(String name, String value) {
    return new ServiceEnvVar(name, value, null);
  }

  public static ServiceEnvVar fromSecret(String name, String secret, String key) {
    return new ServiceEnvVar(name, null, new SecretKeyReference(secret, key));
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }

  public SecretKeyReference getFromSecret() {
    return fromSecret;
  }

  public void setFromSecret(SecretKeyReference fromSecret) {
    this.fromSecret = fromSecret;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceEnvVar e
        && Objects.equals(name, e.name)
        && Objects.equals(value, e.value)
        && Objects.equals(fromSecret, e.fromSecret);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, value, fromSecret);
  }

  @Override
  public String toString() {
    return "ServiceEnvVar{name=%s, value=%s, fromSecret=%s}".formatted(name, value, fromSecret);
  }
}
