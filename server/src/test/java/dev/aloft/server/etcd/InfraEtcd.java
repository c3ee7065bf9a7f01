package dev.aloft.server.etcd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The etcd that {@code infra/up} started, as its {@code infra.env} names it ({@code
 * ALOFT_ETCD_ENDPOINTS}); the file is {@code ~/.cache/aloft/infra/infra.env} unless the system
 * property {@code aloft.infra.env} or the variable {@code ALOFT_INFRA_ENV} points elsewhere.
 */
public final class InfraEtcd {

  private InfraEtcd() {}

  public static List<URI> endpoints() {
    Path file = infraEnv();
    if (!Files.exists(file)) {
      throw new IllegalStateException(file + " does not exist: run infra/up");
    }
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith("ALOFT_ETCD_ENDPOINTS=")) {
          return EtcdSettings.parseEndpoints(line.substring("ALOFT_ETCD_ENDPOINTS=".length()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException(file + " names no ALOFT_ETCD_ENDPOINTS: run infra/up");
  }

  /** Settings for the infra etcd under a key prefix no other test run uses. */
  public static EtcdSettings uniquePrefix(String what) {
    return EtcdSettings.of(
        endpoints(), "/aloft-it/" + what + "-" + UUID.randomUUID(), Duration.ofSeconds(10));
  }

  private static Path infraEnv() {
    String property = System.getProperty("aloft.infra.env");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String variable = System.getenv("ALOFT_INFRA_ENV");
    if (variable != null && !variable.isBlank()) {
      return Path.of(variable);
    }
    String cache = System.getenv("ALOFT_CACHE");
    Path base =
        cache != null && !cache.isBlank()
            ? Path.of(cache)
            : Path.of(System.getProperty("user.home"), ".cache", "aloft");
    return base.resolve("infra").resolve("infra.env");
  }
}
