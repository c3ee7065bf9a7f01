package dev.aloft.e2e.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the real components listen, as {@code infra/up} wrote it to {@code infra.env} (KEY=VALUE
 * lines; see docs/infra.md). Looked up in the system property {@code aloft.infra.env}, else the
 * environment variable {@code ALOFT_INFRA_ENV}, else {@code $ALOFT_CACHE/infra/infra.env}, else
 * {@code ~/.cache/aloft/infra/infra.env}.
 */
public final class InfraEnv {

  private final Path file;
  private final Map<String, String> values;

  private InfraEnv(Path file, Map<String, String> values) {
    this.file = file;
    this.values = values;
  }

  /** Loads the file {@code infra/up} wrote; fails with a message that says to run it. */
  public static InfraEnv load() {
    Path file = location();
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "No " + file + ": the real components are not up. Run infra/up (or ./mvnw verify).");
    }
    try {
      return parse(file, Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  static InfraEnv parse(Path file, List<String> lines) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int equals = line.indexOf('=');
      if (equals <= 0) {
        throw new IllegalStateException(
            file + " line " + (i + 1) + " is not KEY=VALUE: '" + line + "'. Run infra/up again.");
      }
      values.put(line.substring(0, equals), line.substring(equals + 1));
    }
    return new InfraEnv(file, values);
  }

  static Path location() {
    String explicit = System.getProperty("aloft.infra.env", System.getenv("ALOFT_INFRA_ENV"));
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String cache = System.getenv("ALOFT_CACHE");
    Path root =
        cache != null && !cache.isBlank()
            ? Path.of(cache)
            : Path.of(System.getProperty("user.home"), ".cache", "aloft");
    return root.resolve("infra").resolve("infra.env");
  }

  /** The value of KEY; fails naming the key and the file when it is missing or empty. */
  public String get(String key) {
    String value = values.get(key);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(
          file + " has no value for " + key + ". Run infra/up to rewrite it.");
    }
    return value;
  }

  public List<String> etcdEndpoints() {
    return List.of(get("ALOFT_ETCD_ENDPOINTS").split(","));
  }

  public String postgresJdbcUrl() {
    return get("ALOFT_POSTGRES_JDBC_URL");
  }

  public String postgresUser() {
    return get("ALOFT_POSTGRES_USER");
  }

  public String postgresPassword() {
    return get("ALOFT_POSTGRES_PASSWORD");
  }

  public String natsUrl() {
    return get("ALOFT_NATS_URL");
  }

  /** host:port of the OCI registry, as used in image references. */
  public String registry() {
    return get("ALOFT_REGISTRY");
  }

  /** git://host:port, to which a repository's name (e.g. {@code shop.git}) is appended. */
  public String gitBaseUrl() {
    return get("ALOFT_GIT_BASE_URL");
  }

  /** The folder the git daemon serves; a bare repository created there can be cloned. */
  public Path gitReposDir() {
    return Path.of(get("ALOFT_GIT_REPOS_DIR"));
  }

  public String keycloakUrl() {
    return get("ALOFT_KEYCLOAK_URL");
  }

  public String keycloakAdminUser() {
    return get("ALOFT_KEYCLOAK_ADMIN_USER");
  }

  public String keycloakAdminPassword() {
    return get("ALOFT_KEYCLOAK_ADMIN_PASSWORD");
  }
}
