package dev.aloft.builder.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageSettingsTest {

  @Test
  void theBaseImageIsConfigurationWithoutADefault() {
    ImageSettings defaults = ImageSettings.fromEnvironment(Map.of());
    assertThat(defaults.baseImage()).isEmpty();
    assertThat(defaults.allowInsecureRegistries()).isFalse();
    assertThat(defaults.cacheDirectory())
        .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "aloft", "jib"));
  }

  @Test
  void theEnvironmentSetsEachSetting() {
    ImageSettings settings =
        ImageSettings.fromEnvironment(
            Map.of(
                "ALOFT_BUILDER_BASE_IMAGE", " 127.0.0.1:5000/aloft/jre:17 ",
                "ALOFT_BUILDER_INSECURE_REGISTRY", "yes",
                "ALOFT_BUILDER_IMAGE_CACHE", "/var/cache/jib"));
    assertThat(settings.baseImage()).contains("127.0.0.1:5000/aloft/jre:17");
    assertThat(settings.allowInsecureRegistries()).isTrue();
    assertThat(settings.cacheDirectory()).isEqualTo(Path.of("/var/cache/jib"));
    assertThat(ImageSettings.fromEnvironment(Map.of("ALOFT_BUILDER_BASE_IMAGE", " ")).baseImage())
        .isEmpty();
  }

  @Test
  void aWrongValueNamesTheVariable() {
    assertThatThrownBy(
            () -> ImageSettings.fromEnvironment(Map.of("ALOFT_BUILDER_INSECURE_REGISTRY", "maybe")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ALOFT_BUILDER_INSECURE_REGISTRY='maybe' is not true or false");
  }

  @Test
  void credentialsDoNotShowThePassword() {
    assertThat(new RegistryCredentials("pusher", "p4ss").toString())
        .contains("pusher")
        .doesNotContain("p4ss");
  }
}
