package dev.aloft.tenant;

import static dev.aloft.tenant.TenantFixtures.ACME_LABELS;
import static dev.aloft.tenant.TenantFixtures.PLATFORM;
import static dev.aloft.tenant.TenantFixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.crds.v1alpha1.Tenant;
import io.fabric8.kubernetes.api.model.Namespace;
import org.junit.jupiter.api.Test;

class TenantNamespaceTest {

  @Test
  void namespaceIsAloftDashTenantLabelledWithTenantAndManager() {
    Namespace namespace = TenantNamespace.desired(tenant("acme"), PLATFORM);

    assertThat(namespace.getMetadata().getName()).isEqualTo("aloft-acme");
    assertThat(namespace.getMetadata().getNamespace()).isNull();
    assertThat(namespace.getMetadata().getLabels()).isEqualTo(ACME_LABELS);
    assertThat(namespace.getSpec()).isNull();
  }

  @Test
  void aTenantNamedLikeThePlatformNamespaceIsRefused() {
    assertThatThrownBy(() -> TenantNamespace.desired(tenant("system"), PLATFORM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "tenant 'system' would get namespace aloft-system, which is the platform's own;"
                + " choose another tenant name");
  }

  @Test
  void namesThatCannotBecomeANamespaceAreRefusedNamingTheProblem() {
    assertThatThrownBy(() -> TenantNamespace.desired(tenant("acme.corp"), PLATFORM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tenant metadata.name 'acme.corp' must be lower case letters");
    String tooLong = "a".repeat(58);
    assertThatThrownBy(() -> TenantNamespace.desired(tenant(tooLong), PLATFORM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "tenant metadata.name '"
                + tooLong
                + "' is 58 characters long, at most 57 fit into its namespace name aloft-<name>");
    assertThatThrownBy(() -> TenantNamespace.desired(new Tenant(), PLATFORM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tenant has no metadata.name");
  }

  @Test
  void theLongestNameStillMakesAValidNamespace() {
    Namespace namespace = TenantNamespace.desired(tenant("a".repeat(57)), PLATFORM);

    assertThat(namespace.getMetadata().getName()).hasSize(63);
  }

  @Test
  void realmNameFollowsTheNamespaceName() {
    assertThat(TenantNames.realm(tenant("acme"))).isEqualTo("aloft-acme");
  }
}
