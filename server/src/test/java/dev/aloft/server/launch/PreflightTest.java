package dev.aloft.server.launch;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PreflightTest {

  @Test
  void anAdminSecretOutsideTheLimitsIsOneLineNamingTheVariableButNotTheSecret() {
    assertThatThrownBy(() -> Preflight.requireUsableAdminSecret("s3cret"))
        .isInstanceOf(ServerOptions.InvalidOptionException.class)
        .hasMessageStartingWith("ALOFT_ADMIN_SECRET")
        .hasMessageContaining("has 6 characters")
        .hasMessageContaining("8 to 1024")
        .hasMessageNotContaining("s3cret")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> Preflight.requireUsableAdminSecret("x".repeat(1025)))
        .isInstanceOf(ServerOptions.InvalidOptionException.class)
        .hasMessageContaining("has 1025 characters");
  }

  @Test
  void anUnsetEmptyOrUsableAdminSecretPasses() {
    assertThatCode(() -> Preflight.requireUsableAdminSecret(null)).doesNotThrowAnyException();
    assertThatCode(() -> Preflight.requireUsableAdminSecret("")).doesNotThrowAnyException();
    assertThatCode(() -> Preflight.requireUsableAdminSecret("8chars!!")).doesNotThrowAnyException();
    assertThatCode(() -> Preflight.requireUsableAdminSecret("x".repeat(1024)))
        .doesNotThrowAnyException();
  }
}
