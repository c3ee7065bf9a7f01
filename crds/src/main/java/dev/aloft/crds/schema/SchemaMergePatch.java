package dev.aloft.crds.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;

/**
 * A schema customizer that applies its input as an RFC 7386 JSON merge patch to the generated
 * schema of the annotated class: objects merge key by key at every depth, {@code null} removes a
 * key, anything else replaces.
 *
 * <p>fabric8's own {@code MergePatchCustomizer} replaces nested maps such as {@code properties}
 * whole, so adding a pattern to one property would drop its siblings; this one does not. Used for
 * what the annotations cannot say: {@code oneOf}, {@code x-kubernetes-list-type}, patterns on
 * quantities, {@code metadata.name} restrictions.
 */
public final class SchemaMergePatch implements SchemaCustomizer.Customizer {

  @Override
  public JSONSchemaProps apply(
      JSONSchemaProps props, String input, KubernetesSerialization serialization) {
    JsonNode patch;
    try {
      patch = serialization.unmarshal(input, JsonNode.class);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("schema merge patch is not valid JSON: " + input, e);
    }
    if (!(patch instanceof ObjectNode)) {
      throw new IllegalArgumentException("schema merge patch must be a JSON object: " + input);
    }
    JsonNode schema = serialization.convertValue(props, JsonNode.class);
    return serialization.convertValue(merge(schema, patch), JSONSchemaProps.class);
  }

  /** Merges {@code patch} into {@code target} as RFC 7386 says; returns the result. */
  public static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : ((ObjectNode) patch).objectNode();
    List<String> names = new ArrayList<>();
    patch.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode value = patch.get(name);
      if (value.isNull()) {
        result.remove(name);
      } else {
        result.set(name, merge(result.get(name), value));
      }
    }
    return result;
  }
}
