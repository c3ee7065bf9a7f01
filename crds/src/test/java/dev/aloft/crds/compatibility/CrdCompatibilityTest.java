package dev.aloft.crds.compatibility;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/** Each kind of incompatible change is found and named; compatible changes are not. */
class CrdCompatibilityTest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static final String BASE_SCHEMA =
      """
      type: object
      required: [spec]
      properties:
        spec:
          type: object
          required: [environment]
          properties:
            environment: {type: string, pattern: "^[a-z]+$", maxLength: 63}
            replicas: {type: integer, minimum: 0, maximum: 100}
            mode: {type: string, enum: [Isolated, Disabled]}
            memory: {anyOf: [{type: integer}, {type: string}], x-kubernetes-int-or-string: true}
            note: {type: string}
            env:
              type: array
              maxItems: 10
              items:
                type: object
                required: [name]
                properties:
                  name: {type: string}
                  value: {type: string}
            labels:
              type: object
              additionalProperties: {type: string}
        status:
          type: object
          properties:
            ready: {type: boolean}
      """;

  @Test
  void identicalDefinitionsAreCompatible() {
    assertThat(CrdCompatibility.incompatibleChanges(crd(BASE_SCHEMA), crd(BASE_SCHEMA))).isEmpty();
  }

  @Test
  void additionsAndRelaxationsAreCompatible() {
    String relaxed =
        BASE_SCHEMA
            .replace("maxLength: 63", "maxLength: 253")
            .replace("minimum: 0, maximum: 100", "minimum: 0, maximum: 1000")
            .replace("enum: [Isolated, Disabled]", "enum: [Isolated, Disabled, IngressOnly]")
            .replace("note: {type: string}", "note: {type: string, description: Free text}")
            .replace(
                "ready: {type: boolean}", "ready: {type: boolean}\n      revision: {type: string}")
            .replace("maxItems: 10", "maxItems: 20");
    CustomResourceDefinition current = crd(relaxed);
    current.getSpec().getNames().getShortNames().add("more");

    assertThat(CrdCompatibility.incompatibleChanges(crd(BASE_SCHEMA), current)).isEmpty();
  }

  @Test
  void aRemovedFieldIsNamedWithItsPath() {
    String withoutNote = BASE_SCHEMA.replace("      note: {type: string}\n", "");

    assertThat(CrdCompatibility.incompatibleChanges(crd(BASE_SCHEMA), crd(withoutNote)))
        .containsExactly("services.example.dev v1 .spec.note: field removed");
  }

  @Test
  void aRemovedFieldInsideListItemsIsNamedWithItsPath() {
    String withoutValue = BASE_SCHEMA.replace("            value: {type: string}\n", "");

    assertThat(CrdCompatibility.incompatibleChanges(crd(BASE_SCHEMA), crd(withoutValue)))
        .containsExactly("services.example.dev v1 .spec.env[].value: field removed");
  }

  @Test
  void aChangedTypeIsNamed() {
    String stringReplicas =
        BASE_SCHEMA.replace(
            "replicas: {type: integer, minimum: 0, maximum: 100}", "replicas: {type: string}");

    assertThat(CrdCompatibility.incompatibleChanges(crd(BASE_SCHEMA), crd(stringReplicas)))
        .containsExactly(
            "services.example.dev v1 .spec.replicas: type changed from integer to string");
  }

  @Test
  void intOrStringMayWidenAStringButNotNarrowToOne() {
    String memoryAsString =
        BASE_SCHEMA.replace(
            "memory: {anyOf: [{type: integer}, {type: string}], x-kubernetes-int-or-string: true}",
            "memory: {type: string}");

    assertThat(CrdCompatibility.incompatibleChanges(crd(memoryAsString), crd(BASE_SCHEMA)))
        .isEmpty();
    assertThat(CrdCompatibility.incompatibleChanges(crd(BASE_SCHEMA), crd(memoryAsString)))
        .containsExactly(
            "services.example.dev v1 .spec.memory: type changed from int-or-string to string");
  }

  @Test
  void aNewlyRequiredFieldIsNamed() {
    String noteRequired =
        BASE_SCHEMA.replace("required: [environment]", "required: [environment, note]");

    assertThat(CrdCompatibility.incompatibleChanges(crd(BASE_SCHEMA), crd(noteRequired)))
        .containsExactly("services.example.dev v1 .spec.note: newly required");
  }

  @Test
  void aNarrowedEnumNamesTheValuesNoLongerAllowed() {
    String narrowed = BASE_SCHEMA.replace("enum: [Isolated, Disabled]", "enum: [Isolated]");

    assertThat(CrdCompatibility.incompatibleChanges(crd(BASE_SCHEMA), crd(narrowed)))
        .containsExactly(
            "services.example.dev v1 .spec.mode: enum narrowed: Disabled no longer allowed");
  }

  @Test
  void anEnumOnAFreeFieldIsIncompatible() {
    String enumNote =
        BASE_SCHEMA.replace("note: {type: string}", "note: {type: string, enum: [a]}");

    assertThat(CrdCompatibility.incompatibleChanges(crd(BASE_SCHEMA), crd(enumNote)))
        .containsExactly(
            "services.example.dev v1 .spec.note: enum introduced: only [a] allowed now");
  }

  @Test
  void tightenedValidationIsNamed() {
    String tightened =
        BASE_SCHEMA
            .replace(
                "pattern: \"^[a-z]+$\", maxLength: 63", "pattern: \"^[a-z]+[0-9]$\", maxLength: 20")
            .replace("minimum: 0, maximum: 100", "minimum: 1, maximum: 100")
            .replace("maxItems: 10", "maxItems: 5")
            .replace(
                "note: {type: string}", "note: {type: string, minLength: 2, format: date-time}");

    assertThat(CrdCompatibility.incompatibleChanges(crd(BASE_SCHEMA), crd(tightened)))
        .containsExactlyInAnyOrder(
            "services.example.dev v1 .spec.environment: pattern changed from ^[a-z]+$ to ^[a-z]+[0-9]$",
            "services.example.dev v1 .spec.environment: maxLength lowered from 63 to 20",
            "services.example.dev v1 .spec.replicas: minimum raised from 0.0 to 1.0",
            "services.example.dev v1 .spec.env: maxItems lowered from 10 to 5",
            "services.example.dev v1 .spec.note: format added: date-time",
            "services.example.dev v1 .spec.note: minLength raised from none to 2");
  }

  @Test
  void aListThatBecomesAMapIsIncompatible() {
    String mapList =
        BASE_SCHEMA.replace(
            "maxItems: 10",
            "maxItems: 10\n        x-kubernetes-list-type: map\n        x-kubernetes-list-map-keys: [name]");

    assertThat(CrdCompatibility.incompatibleChanges(crd(BASE_SCHEMA), crd(mapList)))
        .containsExactly("services.example.dev v1 .spec.env: list type changed from atomic to map");
  }

  @Test
  void anAddedOneOfIsIncompatibleAndARemovedOneIsNot() {
    String oneOf =
        BASE_SCHEMA.replace(
            "required: [environment]",
            "required: [environment]\n    oneOf: [{required: [note]}, {required: [mode]}]");

    assertThat(CrdCompatibility.incompatibleChanges(crd(BASE_SCHEMA), crd(oneOf)))
        .containsExactly("services.example.dev v1 .spec: oneOf added");
    assertThat(CrdCompatibility.incompatibleChanges(crd(oneOf), crd(BASE_SCHEMA))).isEmpty();
  }

  @Test
  void mapValuesAreComparedAndTheirRemovalIsNamed() {
    String intLabels =
        BASE_SCHEMA.replace(
            "additionalProperties: {type: string}", "additionalProperties: {type: integer}");

    assertThat(CrdCompatibility.incompatibleChanges(crd(BASE_SCHEMA), crd(intLabels)))
        .containsExactly(
            "services.example.dev v1 .spec.labels{}: type changed from string to integer");
  }

  @Test
  void prunedUnknownFieldsAreIncompatible() {
    String preserving =
        BASE_SCHEMA.replace(
            "labels:\n", "labels:\n        x-kubernetes-preserve-unknown-fields: true\n");

    assertThat(CrdCompatibility.incompatibleChanges(crd(preserving), crd(BASE_SCHEMA)))
        .containsExactly(
            "services.example.dev v1 .spec.labels: unknown fields were preserved and are now pruned");
  }

  @Test
  void changedNamesScopeAndRemovedShortNamesAreNamed() {
    CustomResourceDefinition previous = crd(BASE_SCHEMA);
    CustomResourceDefinition current =
        new CustomResourceDefinitionBuilder(crd(BASE_SCHEMA))
            .editSpec()
            .withScope("Cluster")
            .editNames()
            .withKind("Workload")
            .withShortNames()
            .withCategories()
            .endNames()
            .endSpec()
            .build();

    assertThat(CrdCompatibility.incompatibleChanges(previous, current))
        .containsExactlyInAnyOrder(
            "services.example.dev: spec.scope changed from Namespaced to Cluster",
            "services.example.dev: spec.names.kind changed from Service to Workload",
            "services.example.dev: short name svc removed",
            "services.example.dev: category example removed");
  }

  @Test
  void removedOrUnservedVersionsAndSubresourcesAreNamed() {
    CustomResourceDefinition previous = crd(BASE_SCHEMA);
    CustomResourceDefinition unserved =
        new CustomResourceDefinitionBuilder(crd(BASE_SCHEMA))
            .editSpec()
            .editFirstVersion()
            .withServed(false)
            .withSubresources(null)
            .endVersion()
            .endSpec()
            .build();
    CustomResourceDefinition renamedVersion =
        new CustomResourceDefinitionBuilder(crd(BASE_SCHEMA))
            .editSpec()
            .editFirstVersion()
            .withName("v2")
            .endVersion()
            .endSpec()
            .build();

    assertThat(CrdCompatibility.incompatibleChanges(previous, unserved))
        .containsExactlyInAnyOrder(
            "services.example.dev v1: no longer served",
            "services.example.dev v1: status subresource removed",
            "services.example.dev v1: scale subresource removed");
    assertThat(CrdCompatibility.incompatibleChanges(previous, renamedVersion))
        .containsExactly("services.example.dev: version v1 removed");
  }

  /** A namespaced CRD {@code services.example.dev} with one version v1 and the given schema. */
  private static CustomResourceDefinition crd(String schemaYaml) {
    JSONSchemaProps schema = SERIALIZATION.unmarshal(schemaYaml, JSONSchemaProps.class);
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName("services.example.dev")
        .endMetadata()
        .withNewSpec()
        .withGroup("example.dev")
        .withScope("Namespaced")
        .withNewNames()
        .withKind("Service")
        .withPlural("services")
        .withSingular("service")
        .withShortNames("svc")
        .withCategories("example")
        .endNames()
        .addNewVersion()
        .withName("v1")
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withOpenAPIV3Schema(schema)
        .endSchema()
        .withNewSubresources()
        .withNewStatus()
        .endStatus()
        .withNewScale()
        .withSpecReplicasPath(".spec.replicas")
        .withStatusReplicasPath(".status.replicas")
        .endScale()
        .endSubresources()
        .endVersion()
        .endSpec()
        .build();
  }
}
