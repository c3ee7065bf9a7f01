package dev.aloft.builder.job;

import dev.aloft.builder.GitCredentials;
import dev.aloft.builder.InvalidSourceException;
import dev.aloft.builder.SourceRef;
import dev.aloft.builder.image.RegistryCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one build Job is asked to do, from its arguments ({@code --name value} or {@code
 * --name=value}) or, for those not given, its environment ({@code ALOFT_BUILD_<NAME>}):
 *
 * <table>
 *   <tr><th>argument</th><th>variable</th><th></th></tr>
 *   <tr><td>{@code --git-url}</td><td>{@code ALOFT_BUILD_GIT_URL}</td><td>required</td></tr>
 *   <tr><td>{@code --ref}</td><td>{@code ALOFT_BUILD_REF}</td><td>branch, tag or commit</td></tr>
 *   <tr><td>{@code --path}</td><td>{@code ALOFT_BUILD_PATH}</td><td>the service's folder</td></tr>
 *   <tr><td>{@code --image}</td><td>{@code ALOFT_BUILD_IMAGE}</td><td>required: {@code
 *       registry/repository[:tag]}</td></tr>
 *   <tr><td>{@code --git-credentials}</td><td>{@code ALOFT_BUILD_GIT_CREDENTIALS}</td><td>a folder
 *       with files {@code username} and {@code password}, as a {@code kubernetes.io/basic-auth}
 *       Secret mounts</td></tr>
 *   <tr><td>{@code --registry-credentials}</td><td>{@code ALOFT_BUILD_REGISTRY_CREDENTIALS}</td>
 *       <td>the same, for the registry</td></tr>
 *   <tr><td>{@code --work-dir}</td><td>{@code ALOFT_BUILD_WORK_DIR}</td><td>default {@code
 *       /tmp/aloft-build}</td></tr>
 *   <tr><td>{@code --termination-log}</td><td>{@code ALOFT_BUILD_TERMINATION_LOG}</td><td>default
 *       {@code /dev/termination-log}</td></tr>
 * </table>
 */
public record BuildJobRequest(
    String source,
    String image,
    Optional<GitCredentials> gitCredentials,
    Optional<RegistryCredentials> registryCredentials,
    Path workDir,
    Path terminationLog) {

  static final List<String> NAMES =
      List.of(
          "git-url",
          "ref",
          "path",
          "image",
          "git-credentials",
          "registry-credentials",
          "work-dir",
          "termination-log");

  static final Path DEFAULT_TERMINATION_LOG = Path.of("/dev/termination-log");

  /**
   * Reads the request.
   *
   * @throws IllegalArgumentException one line naming what is missing or wrong
   */
  public static BuildJobRequest parse(List<String> args, Map<String, String> env) {
    Map<String, String> values = values(args, env);
    String url = required(values, "git-url");
    String source = url;
    String path = values.getOrDefault("path", "").strip();
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (!path.isEmpty() && !path.equals(".")) {
      source += "//" + path;
    }
    String ref = values.getOrDefault("ref", "").strip();
    if (!ref.isEmpty()) {
      source += "@" + ref;
    }
    return new BuildJobRequest(
        source,
        required(values, "image"),
        folder(values, "git-credentials")
            .map(
                d ->
                    new GitCredentials(
                        read(d, "username", "git-credentials"),
                        read(d, "password", "git-credentials"))),
        folder(values, "registry-credentials")
            .map(
                d ->
                    new RegistryCredentials(
                        read(d, "username", "registry-credentials"),
                        read(d, "password", "registry-credentials"))),
        Path.of(values.getOrDefault("work-dir", "/tmp/aloft-build")),
        terminationLog(args, env));
  }

  /**
   * Where the termination message goes, read on its own so that even a request that cannot be
   * parsed can be reported there.
   */
  public static Path terminationLog(List<String> args, Map<String, String> env) {
    try {
      String value = values(args, env).get("termination-log");
      return value == null || value.isBlank() ? DEFAULT_TERMINATION_LOG : Path.of(value.strip());
    } catch (IllegalArgumentException e) {
      return DEFAULT_TERMINATION_LOG;
    }
  }

  private static Map<String, String> values(List<String> args, Map<String, String> env) {
    Map<String, String> values = new HashMap<>();
    for (String name : NAMES) {
      String value = env.get(variable(name));
      if (value != null && !value.isBlank()) {
        values.put(name, value.strip());
      }
    }
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String value;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException(
            "unknown option --" + name + " (known: --" + String.join(", --", NAMES) + ")");
      }
      values.put(name, value.strip());
    }
    return values;
  }

  static String variable(String name) {
    return "ALOFT_BUILD_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
  }

  private static String required(Map<String, String> values, String name) {
    String value = values.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "no --" + name + " given (nor " + variable(name) + " in the environment)");
    }
    return value;
  }

  private static Optional<Path> folder(Map<String, String> values, String name) {
    String value = values.get(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Path dir = Path.of(value);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--" + name + " '" + value + "' is not a folder");
    }
    return Optional.of(dir);
  }

  /** A credentials file, without its trailing line break; the content is never shown. */
  private static String read(Path dir, String file, String option) {
    Path path = dir.resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(
          "--" + option + " folder " + dir + " has no file '" + file + "'");
    }
    try {
      String value = Files.readString(path).strip();
      if (value.isEmpty()) {
        throw new IllegalArgumentException("--" + option + " file " + path + " is empty");
      }
      return value;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    String shown;
    try {
      shown = SourceRef.parse(source).toString();
    } catch (InvalidSourceException e) {
      shown = "(invalid source)";
    }
    return "BuildJobRequest[source="
        + shown
        + ", image="
        + image
        + ", gitCredentials="
        + gitCredentials.map(GitCredentials::toString).orElse("none")
        + ", registryCredentials="
        + registryCredentials.map(RegistryCredentials::toString).orElse("none")
        + ", workDir="
        + workDir
        + ", terminationLog="
        + terminationLog
        + "]";
  }
}
