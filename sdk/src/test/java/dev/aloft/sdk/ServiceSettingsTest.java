package dev.aloft.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceSettingsTest {

  @Test
  void defaultsWithoutAnyVariable() {
    ServiceSettings settings = ServiceSettings.fromEnvironment(Map.of());
    assertThat(settings.service()).isEmpty();
    assertThat(settings.namespace()).isEqualTo("default");
    assertThat(settings.server()).isEqualTo("127.0.0.1:8081");
    assertThat(settings.accountId()).isEmpty();
    assertThat(settings.grpcPort()).isZero();
    assertThat(settings.advertiseHost()).isEqualTo("127.0.0.1");
    assertThat(settings.version()).isEmpty();
    assertThat(settings.registrationTtl()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void readsTheRuntimesContract() {
    ServiceSettings settings =
        ServiceSettings.fromEnvironment(
            Map.of(
                "ALOFT_SERVICE", "orders",
                "ALOFT_NAMESPACE", "acme",
                "ALOFT_SERVER", "aloft.example:9090",
                "ALOFT_ACCOUNT_ID", "orders",
                "ALOFT_ACCOUNT_SECRET", "s3cret-s3cret",
                "ALOFT_GRPC_PORT", "7001",
                "ALOFT_ADVERTISE_HOST", "10.0.0.5",
                "ALOFT_VERSION", "1.2.0",
                "ALOFT_ENVIRONMENT", "prod"));
    assertThat(settings.service()).contains("orders");
    assertThat(settings.namespace()).isEqualTo("acme");
    assertThat(settings.server()).isEqualTo("aloft.example:9090");
    assertThat(settings.accountId()).contains("orders");
    assertThat(settings.accountSecret()).contains("s3cret-s3cret");
    assertThat(settings.grpcPort()).isEqualTo(7001);
    assertThat(settings.advertiseHost()).isEqualTo("10.0.0.5");
    assertThat(settings.version()).contains("1.2.0");
    assertThat(settings.environment()).contains("prod");
  }

  @Test
  void emptyVariablesTakeTheirDefaults() {
    ServiceSettings settings =
        ServiceSettings.fromEnvironment(Map.of("ALOFT_GRPC_PORT", "", "ALOFT_NAMESPACE", " "));
    assertThat(settings.grpcPort()).isZero();
    assertThat(settings.namespace()).isEqualTo("default");
  }

  @Test
  void badValuesAreOneLineNamingTheVariable() {
    assertInvalid(Map.of("ALOFT_GRPC_PORT", "abc"), "ALOFT_GRPC_PORT: 'abc' is not a port");
    assertInvalid(Map.of("ALOFT_GRPC_PORT", "70000"), "ALOFT_GRPC_PORT: '70000' is not a port");
    assertInvalid(
        Map.of("ALOFT_SERVER", "localhost"), "ALOFT_SERVER: 'localhost' is not host:port");
    assertInvalid(
        Map.of("ALOFT_SERVER", "localhost:http"), "ALOFT_SERVER: 'localhost:http' has no port");
    assertInvalid(Map.of("ALOFT_NAMESPACE", "Acme"), "ALOFT_NAMESPACE: 'Acme' is not a namespace");
    assertInvalid(
        Map.of("ALOFT_SERVICE", "-orders"), "ALOFT_SERVICE: '-orders' is not a service name");
    assertInvalid(Map.of("ALOFT_VERSION", "1 2"), "ALOFT_VERSION: '1 2' is not a version");
    assertInvalid(
        Map.of("ALOFT_ADVERTISE_HOST", "a host"), "ALOFT_ADVERTISE_HOST: 'a host' is not a host");
    assertInvalid(
        Map.of("ALOFT_ACCOUNT_ID", "orders"),
        "ALOFT_ACCOUNT_SECRET: required when ALOFT_ACCOUNT_ID is set");
    assertInvalid(
        Map.of("ALOFT_ACCOUNT_SECRET", "x"),
        "ALOFT_ACCOUNT_ID: required when ALOFT_ACCOUNT_SECRET is set");
  }

  @Test
  void withersChangeOneSetting() {
    ServiceSettings settings =
        ServiceSettings.defaults()
            .withServer("127.0.0.1:1234")
            .withNamespace("acme")
            .withAccount("a", "b")
            .withRegistrationTtl(Duration.ofSeconds(3));
    assertThat(settings.server()).isEqualTo("127.0.0.1:1234");
    assertThat(settings.namespace()).isEqualTo("acme");
    assertThat(settings.accountId()).isEqualTo(Optional.of("a"));
    assertThat(settings.registrationTtl()).isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(() -> settings.withRegistrationTtl(Duration.ofMillis(10)))
        .hasMessageContaining("registration TTL");
  }

  @Test
  void aServiceNameInCodeIsChecked() {
    assertThatThrownBy(() -> Service.builder("no spaces"))
        .isInstanceOf(AloftException.class)
        .hasMessage(
            "service name: 'no spaces' is not a service name (at most 128 letters, digits, '.',"
                + " '_' and '-', starting with a letter or digit)");
  }

  private static void assertInvalid(Map<String, String> env, String messageStart) {
    assertThatThrownBy(() -> ServiceSettings.fromEnvironment(env))
        .isInstanceOf(AloftException.class)
        .hasMessageStartingWith(messageStart)
        .hasMessageNotContaining("\n")
        .satisfies(
            e -> assertThat(((AloftException) e).code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }
}
