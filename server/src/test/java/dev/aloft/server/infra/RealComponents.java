package dev.aloft.server.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Addresses and credentials of the real components {@code infra/up} started, read from its {@code
 * infra.env} (KEY=VALUE lines, see docs/infra.md): the system property {@code aloft.infra.env},
 * else the variable {@code ALOFT_INFRA_ENV}, else {@code $ALOFT_CACHE/infra/infra.env}, else {@code
 * ~/.cache/aloft/infra/infra.env}.
 */
public final class RealComponents {

  private final Path file;
  private final Map<String, String> values;

  private RealComponents(Path file, Map<String, String> values) {
    this.file = file;
    this.values = values;
  }

  /** Loads {@code infra.env}; fails saying to run {@code infra/up} when it is missing. */
  public static RealComponents load() {
    Path file = location();
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "No " + file + ": the real components are not up. Run infra/up (or ./mvnw verify).");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String raw : lines) {
      String line = raw.strip();
      int equals = line.indexOf('=');
      if (line.isEmpty() || line.startsWith("#") || equals <= 0) {
        continue;
      }
      values.put(line.substring(0, equals), line.substring(equals + 1));
    }
    return new RealComponents(file, values);
  }

  private static Path location() {
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

  /** The value of {@code key}; fails naming the key and the file when it is missing. */
  public String get(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalStateException(file + " has no " + key + ". Run infra/up to rewrite it.");
    }
    return value;
  }
}
