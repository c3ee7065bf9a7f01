package dev.aloft.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformSettingsTest {

  @Test
  void ofSelectsThePlatformNamespaceByThePlatformLabel() {
    PlatformSettings platform = PlatformSettings.of("aloft-system", List.of());

    assertThat(platform.namespace()).isEqualTo("aloft-system");
    assertThat(platform.namespaceLabels()).isEqualTo(Map.of("aloft.dev/platform", "true"));
    assertThat(platform.loginRedirectUris()).isEmpty();
  }

  @Test
  void anEmptyLabelSelectorIsRefusedBecauseItWouldMatchEveryNamespace() {
    assertThatThrownBy(() -> new PlatformSettings("aloft-system", Map.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("an empty namespaceSelector would let every namespace into");
  }

  @Test
  void badNamespaceAndRedirectUrisAreRefused() {
    assertThatThrownBy(() -> PlatformSettings.of("Aloft_System", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "platform namespace must be a Kubernetes namespace name (RFC 1035 label), got"
                + " 'Aloft_System'");
    assertThatThrownBy(() -> PlatformSettings.of("aloft-system", List.of(" ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("login redirect URIs must not contain blanks, got [ ]");
  }
}
