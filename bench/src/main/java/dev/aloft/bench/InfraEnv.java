package dev.aloft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the real components listen: the environment, else {@code infra.env} that infra/up writes
 * ({@code $ALOFT_CACHE/infra/infra.env}, by default under {@code ~/.cache/aloft}), else the
 * default.
 */
final class InfraEnv {

  private final Map<String, String> file = new HashMap<>();

  InfraEnv() {
    String cache =
        System.getenv()
            .getOrDefault(
                "ALOFT_CACHE",
                Path.of(System.getProperty("user.home"), ".cache", "aloft").toString());
    Path env = Path.of(cache, "infra", "infra.env");
    try {
      for (String line :
          Files.exists(env) ? Files.readAllLines(env) : java.util.List.<String>of()) {
        int eq = line.indexOf('=');
        if (!line.startsWith("#") && eq > 0) {
          file.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + env + ": " + e.getMessage(), e);
    }
  }

  String get(String key, String fallback) {
    String value = System.getenv(key);
    if (value == null || value.isEmpty()) {
      value = file.get(key);
    }
    return value == null || value.isEmpty() ? fallback : value;
  }

  String postgresUrl() {
    return get("ALOFT_POSTGRES_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/aloft");
  }

  String postgresUser() {
    return get("ALOFT_POSTGRES_USER", "aloft");
  }

  String postgresPassword() {
    return get("ALOFT_POSTGRES_PASSWORD", "");
  }

  String etcdEndpoints() {
    return get("ALOFT_ETCD_ENDPOINTS", "http://127.0.0.1:2379");
  }

  String natsUrl() {
    return get("ALOFT_NATS_URL", "nats://127.0.0.1:4222");
  }
}
