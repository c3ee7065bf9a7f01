package dev.aloft.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BuilderSettingsTest {

  @Test
  void defaults() {
    BuilderSettings s = BuilderSettings.defaults();
    assertThat(s.allowedHosts()).isEmpty();
    assertThat(s.allowsHost("anything.example")).isTrue();
    assertThat(s.mavenCommand()).containsExactly("mvn");
    assertThat(s.mavenOffline()).isFalse();
    assertThat(s.runTests()).isFalse();
    assertThat(s.javaCommand()).endsWith("java");
  }

  @Test
  void fromEnvironment() {
    BuilderSettings s =
        BuilderSettings.fromEnvironment(
            Map.of(
                "ALOFT_BUILDER_ALLOWED_HOSTS", "git.example.com, *.corp.example",
                "ALOFT_BUILDER_MAX_REPOSITORY_BYTES", "1048576",
                "ALOFT_BUILDER_FETCH_TIMEOUT", "30",
                "ALOFT_BUILDER_BUILD_TIMEOUT", "PT10M",
                "ALOFT_BUILDER_MAVEN", "/opt/aloft/mvnw  -s /etc/settings.xml",
                "ALOFT_BUILDER_MAVEN_OFFLINE", "true",
                "ALOFT_BUILDER_RUN_TESTS", "yes"));
    assertThat(s.allowedHosts()).isEqualTo(Set.of("git.example.com", "*.corp.example"));
    assertThat(s.allowsHost("a.corp.example")).isTrue();
    assertThat(s.allowsHost("corp.example")).isFalse();
    assertThat(s.allowsHost("evil.example")).isFalse();
    assertThat(s.maxRepositoryBytes()).isEqualTo(1048576);
    assertThat(s.fetchTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.buildTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.mavenCommand()).isEqualTo(List.of("/opt/aloft/mvnw", "-s", "/etc/settings.xml"));
    assertThat(s.mavenOffline()).isTrue();
    assertThat(s.runTests()).isTrue();
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(
            () -> BuilderSettings.fromEnvironment(Map.of("ALOFT_BUILDER_BUILD_TIMEOUT", "soon")))
        .hasMessageContaining("ALOFT_BUILDER_BUILD_TIMEOUT='soon'");
    assertThatThrownBy(
            () ->
                BuilderSettings.fromEnvironment(Map.of("ALOFT_BUILDER_MAX_REPOSITORY_BYTES", "-5")))
        .hasMessageContaining("ALOFT_BUILDER_MAX_REPOSITORY_BYTES='-5'");
    assertThatThrownBy(
            () -> BuilderSettings.fromEnvironment(Map.of("ALOFT_BUILDER_MAVEN_OFFLINE", "maybe")))
        .hasMessageContaining("ALOFT_BUILDER_MAVEN_OFFLINE='maybe'");
  }
}
