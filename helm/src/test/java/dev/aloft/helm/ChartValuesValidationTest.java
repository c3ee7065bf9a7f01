package dev.aloft.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values that could not work stop the install before anything is applied, with a message that names
 * the value and says what it must be.
 */
class ChartValuesValidationTest {

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of(
            Map.of("server", Map.of("runtime", Map.of("backend", "docker"))),
            "server.runtime.backend must be kubernetes or local, got \"docker\""),
        Arguments.of(
            Map.of("server", Map.of("httpPort", 9000, "grpcPort", 9000)),
            "server.httpPort and server.grpcPort must differ, both are 9000"),
        Arguments.of(
            Map.of("server", Map.of("grpcPort", 70000)),
            "server.grpcPort must be a port number between 1 and 65535, got 70000"),
        Arguments.of(
            Map.of("operator", Map.of("httpPort", "http")),
            "operator.httpPort must be a port number between 1 and 65535, got http"),
        Arguments.of(
            Map.of("hostNetwork", true),
            "with hostNetwork the operator and the server share the node's ports: operator.httpPort"
                + " 8080 collides with the server's (httpPort 8080, grpcPort 8081); choose another"),
        Arguments.of(
            Map.of(
                "hostNetwork",
                true,
                "operator",
                Map.of("httpPort", 8090),
                "server",
                Map.of("replicas", 2)),
            "with hostNetwork the server's ports are the node's: server.replicas must be 1 on a single node, got 2"),
        Arguments.of(
            Map.of("operator", Map.of("replicas", 2)),
            "operator.replicas must be 1 (the operator runs without leader election), got 2"),
        Arguments.of(
            Map.of("operator", Map.of("selector", "aloft.dev/test in (a b)")),
            "operator.selector must be a label selector such as aloft.dev/stage=prod"),
        Arguments.of(
            Map.of("operator", Map.of("builder", Map.of("hostNetwork", "sometimes"))),
            "operator.builder.hostNetwork must be true, false or empty (then hostNetwork decides), got sometimes"),
        Arguments.of(
            Map.of("backends", Map.of("etcd", Map.of("endpoints", "127.0.0.1:2379"))),
            "backends.etcd.endpoints must be comma-separated http:// or https:// URLs, got \"127.0.0.1:2379\""),
        Arguments.of(
            Map.of("backends", Map.of("etcd", Map.of("prefix", "aloft"))),
            "backends.etcd.prefix must be a key path such as /aloft"),
        Arguments.of(
            Map.of("backends", Map.of("postgres", Map.of("url", "postgres://db/aloft"))),
            "backends.postgres.url must be a JDBC URL jdbc:postgresql://HOST:PORT/DATABASE, got \"postgres://db/aloft\""),
        Arguments.of(
            Map.of("backends", Map.of("postgres", Map.of("schemaPrefix", "Aloft-"))),
            "backends.postgres.schemaPrefix must be 1 to 16 of a-z, 0-9, '_', starting with a letter"),
        Arguments.of(
            Map.of("backends", Map.of("nats", Map.of("url", "http://nats:4222"))),
            "backends.nats.url must be a nats:// or tls:// URL, got \"http://nats:4222\""),
        Arguments.of(
            Map.of("backends", Map.of("nats", Map.of("prefix", "aloft_x"))),
            "backends.nats.prefix must be 1 to 16 of a-z, 0-9, starting with a letter"),
        Arguments.of(
            Map.of("backends", Map.of("keycloak", Map.of("url", "keycloak:8180"))),
            "backends.keycloak.url must be Keycloak's http:// or https:// base URL, got \"keycloak:8180\""),
        Arguments.of(
            Map.of(
                "backends", Map.of("keycloak", Map.of("adminPasswordSecret", Map.of("name", "")))),
            "backends.keycloak.adminPasswordSecret.name: the Secret (in the release namespace) with"
                + " the Keycloak admin's password must be named"),
        Arguments.of(
            Map.of("server", Map.of("configKeySecret", Map.of("name", ""))),
            "server.configKeySecret.name: the Secret (in the release namespace) with the key of"
                + " secret config values must be named"),
        Arguments.of(
            Map.of("image", Map.of("registry", "")),
            "image.registry: the registry the images come from (e.g. 127.0.0.1:5000) must be set"),
        Arguments.of(
            Map.of("operator", Map.of("serviceAccount", Map.of("create", false))),
            "operator.serviceAccount.name: name an existing ServiceAccount when"
                + " operator.serviceAccount.create is false"));
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void refusedWithAMessageNamingTheValue(Map<String, ?> values, String message) {
    assertThatThrownBy(() -> RenderedChart.template(values))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(message);
  }
}
