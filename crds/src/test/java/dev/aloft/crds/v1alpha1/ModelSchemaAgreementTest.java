package dev.aloft.crds.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java model and the schema agree: every valid example reads into the model without unknown
 * fields, and what the model writes back is schema-valid and reads back equal.
 */
class ModelSchemaAgreementTest {

  private static final ObjectMapper STRICT =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static final Map<String, Class<? extends HasMetadata>> CLASSES =
      Map.of(
          Tenant.KIND, Tenant.class,
          Environment.KIND, Environment.class,
          AloftService.KIND, AloftService.class);

  private static CrdSchemas schemas;

  @BeforeAll
  static void loadSchemas() {
    schemas = CrdSchemas.generated();
  }

  static Stream<Path> validExamples() {
    return CrdSchemaValidationTest.validExamples();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validExamples")
  void modelReadsWritesAndRereadsEveryValidExample(Path example) throws IOException {
    JsonNode original = STRICT.readTree(example.toFile());
    Class<? extends HasMetadata> type = CLASSES.get(original.path("kind").asText());

    HasMetadata resource = STRICT.treeToValue(original, type);
    JsonNode written = SERIALIZATION.convertValue(resource, JsonNode.class);
    HasMetadata reread = STRICT.treeToValue(written, type);

    assertThat(schemas.validate(written)).as("schema errors of what the model wrote").isEmpty();
    assertThat(reread).isEqualTo(resource);
    if (original.has("spec")) {
      assertThat(written.path("spec")).isEqualTo(normalizeQuantities(original.path("spec")));
    } else {
      // A Tenant without spec reads with an empty one: every field has a platform default.
      assertThat(written.path("spec").isEmpty()).as("spec written for %s", example).isTrue();
    }
  }

  @Test
  void enumsAndKindsAreWrittenAsKubernetesSpellsThem() {
    Tenant tenant = new Tenant();
    tenant.getMetadata().setName("acme");
    tenant.getSpec().setNetworkPolicy(NetworkPolicyMode.INGRESS_ONLY);
    tenant.getSpec().setAdmins(List.of(TenantAdmin.group("acme-admins")));
    TenantStatus status = new TenantStatus();
    status.setPhase(TenantPhase.READY);
    status.setConditions(
        List.of(
            new Condition(
                TenantStatus.CONDITION_READY,
                ConditionStatus.TRUE,
                1L,
                "2026-01-31T12:00:00Z",
                "Provisioned",
                "")));
    tenant.setStatus(status);

    String yaml = SERIALIZATION.asYaml(tenant);

    assertThat(yaml)
        .contains("apiVersion: \"aloft.dev/v1alpha1\"")
        .contains("kind: \"Namespace\"")
        .contains("networkPolicy: \"IngressOnly\"")
        .contains("kind: \"Group\"")
        .contains("phase: \"Ready\"")
        .contains("status: \"True\"")
        .contains("message: \"\"");
    assertThat(schemas.validate(SERIALIZATION.convertValue(tenant, JsonNode.class))).isEmpty();
  }

  @Test
  void quantitiesMayBeWrittenAsIntegers() throws IOException {
    ComputeResources resources =
        STRICT.readValue("cpu: 2\nmemory: 512Mi\n", ComputeResources.class);

    assertThat(resources).isEqualTo(ComputeResources.of("2", "512Mi"));
    assertThat(resources.getCpu()).isEqualTo(new Quantity("2"));
  }

  /** Integer quantities in an example are written back by the model as strings. */
  private static JsonNode normalizeQuantities(JsonNode spec) throws IOException {
    String text = STRICT.writeValueAsString(spec);
    JsonNode copy = STRICT.readTree(text);
    normalize(copy);
    return copy;
  }

  private static void normalize(JsonNode node) {
    if (node.isObject()) {
      var object = (com.fasterxml.jackson.databind.node.ObjectNode) node;
      List<String> names = new java.util.ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode value = object.get(name);
        if (value.isInt() && QUANTITY_FIELDS.contains(name)) {
          object.put(name, value.asText());
        } else {
          normalize(value);
        }
      }
    } else if (node.isArray()) {
      node.forEach(ModelSchemaAgreementTest::normalize);
    }
  }

  private static final List<String> QUANTITY_FIELDS =
      List.of("cpu", "memory", "requestsCpu", "requestsMemory", "limitsCpu", "limitsMemory");
}
