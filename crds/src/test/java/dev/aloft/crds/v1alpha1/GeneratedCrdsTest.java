package dev.aloft.crds.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.crds.compatibility.CrdDirectory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated CRDs are pleasant in kubectl: names, scope, columns, subresources, docs. */
class GeneratedCrdsTest {

  private static final String READY_PATH = ".status.conditions[?(@.type==\"Ready\")].status";

  private static CrdDirectory generated;

  @BeforeAll
  static void read() {
    generated = CrdDirectory.read(Path.of(System.getProperty("aloft.crds.generated")));
  }

  @Test
  void tenantIsTheClusterScopedKindNamespaceOfAloft() {
    CustomResourceDefinition crd = generated.definition("tenants.aloft.dev-v1.yml");

    assertThat(crd.getSpec().getGroup()).isEqualTo("aloft.dev");
    assertThat(crd.getSpec().getScope()).isEqualTo("Cluster");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("Namespace");
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("tenants");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("atns");
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("aloft");
    assertThat(columns(crd)).containsExactly("Namespace", "Phase", "Ready", "Network", "Age");
  }

  @Test
  void environmentIsClusterScoped() {
    CustomResourceDefinition crd = generated.definition("environments.aloft.dev-v1.yml");

    assertThat(crd.getSpec().getScope()).isEqualTo("Cluster");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("Environment");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("aenv");
    assertThat(columns(crd))
        .containsExactly("Domain", "Services", "Ready Services", "Ready", "Registry", "Age");
  }

  @Test
  void serviceIsNamespacedAndScalable() {
    CustomResourceDefinition crd = generated.definition("services.aloft.dev-v1.yml");
    CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);

    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("Service");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("asvc");
    assertThat(columns(crd))
        .containsExactly(
            "Environment", "Phase", "Replicas", "Available", "Ready", "Revision", "Image", "Age");
    assertThat(version.getSubresources().getScale().getSpecReplicasPath())
        .isEqualTo(".spec.replicas");
    assertThat(version.getSubresources().getScale().getStatusReplicasPath())
        .isEqualTo(".status.replicas");
  }

  @Test
  void everyCrdHasOneServedStorageVersionWithStatusReadyAndAgeColumns() {
    for (String file : generated.texts().keySet()) {
      CustomResourceDefinition crd = generated.definition(file);
      assertThat(crd.getSpec().getVersions()).as(file).hasSize(1);
      CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
      assertThat(version.getName()).as(file).isEqualTo("v1alpha1");
      assertThat(version.getServed()).as(file).isTrue();
      assertThat(version.getStorage()).as(file).isTrue();
      assertThat(version.getSubresources().getStatus()).as(file).isNotNull();
      assertThat(version.getAdditionalPrinterColumns())
          .as(file)
          .anySatisfy(
              column -> {
                assertThat(column.getName()).isEqualTo("Ready");
                assertThat(column.getJsonPath()).isEqualTo(READY_PATH);
              })
          .last()
          .satisfies(
              column -> {
                assertThat(column.getName()).isEqualTo("Age");
                assertThat(column.getJsonPath()).isEqualTo(".metadata.creationTimestamp");
                assertThat(column.getType()).isEqualTo("date");
              });
    }
  }

  @Test
  void everyFieldHasADescription() {
    List<String> undescribed = new ArrayList<>();
    for (String file : generated.texts().keySet()) {
      JSONSchemaProps root =
          generated
              .definition(file)
              .getSpec()
              .getVersions()
              .get(0)
              .getSchema()
              .getOpenAPIV3Schema();
      assertThat(root.getDescription()).as(file + " root").isNotBlank();
      collectUndescribed(file, "", root, undescribed);
    }

    assertThat(undescribed).isEmpty();
  }

  @Test
  void noSchemaUsesCelRulesWhichKubernetes120LacksOrAnyOtherPost120Feature() {
    for (String text : generated.texts().values()) {
      assertThat(text)
          .doesNotContain("x-kubernetes-validations")
          .doesNotContain("selectableFields")
          .doesNotContain("messageExpression");
    }
  }

  private static void collectUndescribed(
      String file, String path, JSONSchemaProps schema, List<String> undescribed) {
    for (Map.Entry<String, JSONSchemaProps> property : schema.getProperties().entrySet()) {
      String child = path + "." + property.getKey();
      if (child.equals(".metadata") || child.startsWith(".metadata.")) {
        continue; // described by Kubernetes' ObjectMeta
      }
      if (property.getValue().getDescription() == null
          || property.getValue().getDescription().isBlank()) {
        undescribed.add(file + " " + child);
      }
      collectUndescribed(file, child, property.getValue(), undescribed);
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collectUndescribed(file, path + "[]", schema.getItems().getSchema(), undescribed);
    }
  }

  private static List<String> columns(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
        .map(CustomResourceColumnDefinition::getName)
        .toList();
  }
}
