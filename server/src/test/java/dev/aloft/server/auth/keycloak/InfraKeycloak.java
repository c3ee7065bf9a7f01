package dev.aloft.server.auth.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Keycloak that {@code infra/up} started, as {@code infra.env} describes it (system property
 * {@code aloft.infra.env} or variable {@code ALOFT_INFRA_ENV} point elsewhere).
 */
public final class InfraKeycloak {

  private InfraKeycloak() {}

  /** Settings for the infra's Keycloak, optionally at another URL (e.g. a forwarder in front). */
  public static KeycloakSettings settings(Optional<URI> url, Duration accessTtl) {
    Map<String, String> env = infraEnv();
    return new KeycloakSettings(
        url.orElse(URI.create(required(env, "ALOFT_KEYCLOAK_URL"))),
        "master",
        "admin-cli",
        Optional.of(required(env, "ALOFT_KEYCLOAK_ADMIN_USER")),
        Optional.of(required(env, "ALOFT_KEYCLOAK_ADMIN_PASSWORD")),
        Optional.empty(),
        Duration.ofSeconds(30),
        accessTtl,
        List.of());
  }

  public static URI url() {
    return URI.create(required(infraEnv(), "ALOFT_KEYCLOAK_URL"));
  }

  public static Map<String, String> infraEnv() {
    String configured = System.getProperty("aloft.infra.env", System.getenv("ALOFT_INFRA_ENV"));
    Path file =
        configured != null
            ? Path.of(configured)
            : Path.of(System.getProperty("user.home"), ".cache", "aloft", "infra", "infra.env");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(file + " is missing: run infra/up first");
    }
    Map<String, String> values = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        int equals = line.indexOf('=');
        if (!line.startsWith("#") && equals > 0) {
          values.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return values;
  }

  private static String required(Map<String, String> env, String key) {
    String value = env.get(key);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException("infra.env has no " + key + ": run infra/up");
    }
    return value;
  }
}
