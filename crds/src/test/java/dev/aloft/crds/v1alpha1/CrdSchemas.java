package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.aloft.crds.compatibility.CrdDirectory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The OpenAPI schemas of the generated CRDs as JSON Schema validators (draft 4, which OpenAPI v3
 * schemas are a dialect of), so example resources can be checked as the API server would check
 * them: types, required fields, enums, patterns, bounds, formats and oneOf.
 *
 * <p>Not covered: uniqueness of {@code x-kubernetes-list-type} set and map items, pruning, and
 * ObjectMeta's own validation; those need a real API server.
 */
final class CrdSchemas {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Map<String, JsonSchema> byKind = new HashMap<>();

  private CrdSchemas(CrdDirectory directory) {
    // The x-kubernetes-* extensions are structural (pruning, list merging, int-or-string); the
    // checks they imply that JSON Schema can express are spelled out beside them (anyOf).
    JsonMetaSchema kubernetesDialect =
        JsonMetaSchema.builder(JsonMetaSchema.getV4())
            .keywords(
                Stream.of(
                        "x-kubernetes-int-or-string",
                        "x-kubernetes-list-type",
                        "x-kubernetes-list-map-keys",
                        "x-kubernetes-preserve-unknown-fields")
                    .map(NonValidationKeyword::new)
                    .toList())
            .build();
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V4, builder -> builder.metaSchema(kubernetesDialect));
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    for (String file : directory.texts().keySet()) {
      CustomResourceDefinition crd = directory.definition(file);
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        JsonNode schema =
            SERIALIZATION.convertValue(version.getSchema().getOpenAPIV3Schema(), JsonNode.class);
        String key =
            crd.getSpec().getGroup()
                + "/"
                + version.getName()
                + " "
                + crd.getSpec().getNames().getKind();
        byKind.put(key, factory.getSchema(schema, config));
      }
    }
  }

  /** The schemas of the CRDs the build generated (see crds/pom.xml). */
  static CrdSchemas generated() {
    String directory = System.getProperty("aloft.crds.generated");
    if (directory == null) {
      throw new IllegalStateException(
          "system property aloft.crds.generated is not set; run the tests through Maven");
    }
    return new CrdSchemas(CrdDirectory.read(Path.of(directory)));
  }

  /** The messages of validating {@code resource} against the schema of its apiVersion and kind. */
  List<String> validate(JsonNode resource) {
    String key = resource.path("apiVersion").asText() + " " + resource.path("kind").asText();
    JsonSchema schema = byKind.get(key);
    if (schema == null) {
      throw new IllegalArgumentException(
          "no CRD for apiVersion and kind " + key + "; known: " + byKind.keySet());
    }
    return schema.validate(resource).stream().map(ValidationMessage::getMessage).sorted().toList();
  }
}
