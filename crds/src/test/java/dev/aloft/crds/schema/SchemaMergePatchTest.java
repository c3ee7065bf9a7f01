package dev.aloft.crds.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/** RFC 7386 merge semantics on schemas: nested objects merge, null removes, the rest replaces. */
class SchemaMergePatchTest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @Test
  void aPatchOnOnePropertyKeepsItsSiblingsAndItsOwnType() {
    JSONSchemaProps schema =
        SERIALIZATION.unmarshal(
            "{\"type\":\"object\",\"properties\":{\"cpu\":{\"type\":\"string\"},"
                + "\"memory\":{\"type\":\"string\"}}}",
            JSONSchemaProps.class);

    JSONSchemaProps patched =
        new SchemaMergePatch()
            .apply(schema, "{\"properties\":{\"cpu\":{\"pattern\":\"^[0-9]+$\"}}}", SERIALIZATION);

    assertThat(patched.getType()).isEqualTo("object");
    assertThat(patched.getProperties()).containsOnlyKeys("cpu", "memory");
    assertThat(patched.getProperties().get("cpu").getType()).isEqualTo("string");
    assertThat(patched.getProperties().get("cpu").getPattern()).isEqualTo("^[0-9]+$");
    assertThat(patched.getProperties().get("memory").getPattern()).isNull();
  }

  @Test
  void kubernetesExtensionsAndOneOfArrivePatched() {
    JSONSchemaProps schema =
        SERIALIZATION.unmarshal(
            "{\"type\":\"object\",\"properties\":{\"env\":{\"type\":\"array\"}}}",
            JSONSchemaProps.class);

    JSONSchemaProps patched =
        new SchemaMergePatch()
            .apply(
                schema,
                "{\"oneOf\":[{\"required\":[\"a\"]}],\"properties\":{\"env\":"
                    + "{\"x-kubernetes-list-type\":\"map\",\"x-kubernetes-list-map-keys\":[\"name\"]}}}",
                SERIALIZATION);

    assertThat(patched.getOneOf())
        .singleElement()
        .satisfies(s -> assertThat(s.getRequired()).containsExactly("a"));
    assertThat(patched.getProperties().get("env").getXKubernetesListType()).isEqualTo("map");
    assertThat(patched.getProperties().get("env").getXKubernetesListMapKeys())
        .containsExactly("name");
    assertThat(patched.getProperties().get("env").getType()).isEqualTo("array");
  }

  @Test
  void nullRemovesAndScalarsReplace() {
    JsonNode target =
        SERIALIZATION.unmarshal("{\"a\":{\"b\":1,\"c\":2},\"d\":[1,2]}", JsonNode.class);
    JsonNode patch = SERIALIZATION.unmarshal("{\"a\":{\"b\":null},\"d\":[3]}", JsonNode.class);

    assertThat(SchemaMergePatch.merge(target, patch))
        .isEqualTo(SERIALIZATION.unmarshal("{\"a\":{\"c\":2},\"d\":[3]}", JsonNode.class));
  }

  @Test
  void aPatchThatIsNoJsonObjectIsRejectedNamingIt() {
    JSONSchemaProps schema = new JSONSchemaProps();

    assertThatThrownBy(() -> new SchemaMergePatch().apply(schema, "[1]", SERIALIZATION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("schema merge patch must be a JSON object: [1]");
    assertThatThrownBy(() -> new SchemaMergePatch().apply(schema, "{oops", SERIALIZATION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("schema merge patch is not valid JSON: {oops");
  }
}
