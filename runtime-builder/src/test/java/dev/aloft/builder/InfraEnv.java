package dev.aloft.builder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the scripts of infra/ wrote about the real components: {@code infra.env} of infra/up (found
 * like the e2e module finds it: system property {@code aloft.infra.env}, else {@code
 * ALOFT_INFRA_ENV}, else {@code $ALOFT_CACHE/infra/infra.env}, else {@code
 * ~/.cache/aloft/infra/infra.env}) and {@code images.env} of infra/images/up.
 */
public final class InfraEnv {

  private InfraEnv() {}

  /** The KEY=VALUE lines of infra.env; fails with "run infra/up" when there is none. */
  public static Map<String, String> infra() {
    String explicit = System.getProperty("aloft.infra.env", System.getenv("ALOFT_INFRA_ENV"));
    Path file =
        explicit != null && !explicit.isBlank()
            ? Path.of(explicit)
            : cache().resolve("infra").resolve("infra.env");
    return read(file, "infra/up (or ./mvnw verify)");
  }

  /** The KEY=VALUE lines of images.env; fails with "run infra/images/up" when there is none. */
  public static Map<String, String> images() {
    return read(cache().resolve("images").resolve("images.env"), "infra/images/up");
  }

  /** A value of infra.env, or a failure naming the key. */
  public static String require(Map<String, String> values, String key) {
    String value = values.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("No " + key + " in the infra files: run infra/up again.");
    }
    return value;
  }

  private static Path cache() {
    String cache = System.getenv("ALOFT_CACHE");
    return cache != null && !cache.isBlank()
        ? Path.of(cache)
        : Path.of(System.getProperty("user.home"), ".cache", "aloft");
  }

  private static Map<String, String> read(Path file, String script) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("No " + file + ": run " + script + ".");
    }
    Map<String, String> values = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        int equals = line.indexOf('=');
        if (!line.startsWith("#") && equals > 0) {
          values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    return values;
  }
}
