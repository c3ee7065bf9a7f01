package dev.aloft.builder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a {@link ServiceBuilder} fetches and builds.
 *
 * @param allowedHosts git hosts a source may come from ({@code git.example.com}, or {@code
 *     *.example.com} for its sub-domains); empty: any host
 * @param maxRepositoryBytes the most a git checkout (with its {@code .git}) may hold
 * @param fetchTimeout for each network operation of git
 * @param buildTimeout for the whole build; the build's processes are killed when it is over
 * @param mavenCommand Maven, for projects without their own {@code mvnw}
 * @param mavenOffline run Maven with {@code -o} (only what is in the local repository)
 * @param runTests run the service's tests in its build; off by default, as in Micro
 * @param javaCommand the {@code java} that runs the artifact
 * @param sshDirectory where ssh finds {@code known_hosts}, {@code config} and (for local callers
 *     only) the keys; {@code ~/.ssh} by default
 */
public record BuilderSettings(
    Set<String> allowedHosts,
    long maxRepositoryBytes,
    Duration fetchTimeout,
    Duration buildTimeout,
    List<String> mavenCommand,
    boolean mavenOffline,
    boolean runTests,
    String javaCommand,
    Path sshDirectory) {

  public static final long DEFAULT_MAX_REPOSITORY_BYTES = 200L * 1024 * 1024;

  public BuilderSettings {
    allowedHosts =
        allowedHosts.stream()
            .map(h -> h.strip().toLowerCase(Locale.ROOT))
            .filter(h -> !h.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    if (maxRepositoryBytes <= 0) {
      throw new IllegalArgumentException("maxRepositoryBytes must be positive");
    }
    Objects.requireNonNull(fetchTimeout, "fetchTimeout");
    Objects.requireNonNull(buildTimeout, "buildTimeout");
    if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
      throw new IllegalArgumentException("fetchTimeout must be positive");
    }
    if (buildTimeout.isNegative() || buildTimeout.isZero()) {
      throw new IllegalArgumentException("buildTimeout must be positive");
    }
    mavenCommand = List.copyOf(mavenCommand);
    if (mavenCommand.isEmpty()) {
      throw new IllegalArgumentException("mavenCommand is empty");
    }
    Objects.requireNonNull(javaCommand, "javaCommand");
    Objects.requireNonNull(sshDirectory, "sshDirectory");
  }

  /** Any host, 200 MiB, 2 min per fetch operation, 15 min per build, {@code mvn}, no tests. */
  public static BuilderSettings defaults() {
    return new BuilderSettings(
        Set.of(),
        DEFAULT_MAX_REPOSITORY_BYTES,
        Duration.ofMinutes(2),
        Duration.ofMinutes(15),
        List.of("mvn"),
        false,
        false,
        currentJava(),
        Path.of(System.getProperty("user.home"), ".ssh"));
  }

  /**
   * The defaults, overridden by {@code ALOFT_BUILDER_ALLOWED_HOSTS} (comma-separated), {@code
   * ALOFT_BUILDER_MAX_REPOSITORY_BYTES}, {@code ALOFT_BUILDER_FETCH_TIMEOUT} and {@code
   * ALOFT_BUILDER_BUILD_TIMEOUT} (seconds, or ISO-8601 such as {@code PT10M}), {@code
   * ALOFT_BUILDER_MAVEN} (command, split at spaces), {@code ALOFT_BUILDER_MAVEN_OFFLINE} and {@code
   * ALOFT_BUILDER_RUN_TESTS} ({@code true}/{@code false}).
   *
   * @throws IllegalArgumentException naming the variable whose value is wrong
   */
  public static BuilderSettings fromEnvironment(Map<String, String> env) {
    BuilderSettings s = defaults();
    String hosts = env.get("ALOFT_BUILDER_ALLOWED_HOSTS");
    if (hosts != null) {
      s = s.withAllowedHosts(Set.of(hosts.split(",")));
    }
    String max = env.get("ALOFT_BUILDER_MAX_REPOSITORY_BYTES");
    if (max != null) {
      try {
        s = s.withMaxRepositoryBytes(Long.parseLong(max.strip()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "ALOFT_BUILDER_MAX_REPOSITORY_BYTES='" + max + "' is not a positive number of bytes");
      }
    }
    String fetch = env.get("ALOFT_BUILDER_FETCH_TIMEOUT");
    if (fetch != null) {
      s = s.withFetchTimeout(duration("ALOFT_BUILDER_FETCH_TIMEOUT", fetch));
    }
    String build = env.get("ALOFT_BUILDER_BUILD_TIMEOUT");
    if (build != null) {
      s = s.withBuildTimeout(duration("ALOFT_BUILDER_BUILD_TIMEOUT", build));
    }
    String maven = env.get("ALOFT_BUILDER_MAVEN");
    if (maven != null && !maven.isBlank()) {
      s = s.withMavenCommand(Arrays.asList(maven.strip().split("\\s+")));
    }
    String offline = env.get("ALOFT_BUILDER_MAVEN_OFFLINE");
    if (offline != null) {
      s = s.withMavenOffline(bool("ALOFT_BUILDER_MAVEN_OFFLINE", offline));
    }
    String ssh = env.get("ALOFT_BUILDER_SSH_DIR");
    if (ssh != null && !ssh.isBlank()) {
      s = s.withSshDirectory(Path.of(ssh.strip()));
    }
    String tests = env.get("ALOFT_BUILDER_RUN_TESTS");
    if (tests != null) {
      s = s.withRunTests(bool("ALOFT_BUILDER_RUN_TESTS", tests));
    }
    return s;
  }

  public BuilderSettings withAllowedHosts(Set<String> hosts) {
    return new BuilderSettings(
        hosts,
        maxRepositoryBytes,
        fetchTimeout,
        buildTimeout,
        mavenCommand,
        mavenOffline,
        runTests,
        javaCommand,
        sshDirectory);
  }

  public BuilderSettings withMaxRepositoryBytes(long bytes) {
    return new BuilderSettings(
        allowedHosts,
        bytes,
        fetchTimeout,
        buildTimeout,
        mavenCommand,
        mavenOffline,
        runTests,
        javaCommand,
        sshDirectory);
  }

  public BuilderSettings withFetchTimeout(Duration timeout) {
    return new BuilderSettings(
        allowedHosts,
        maxRepositoryBytes,
        timeout,
        buildTimeout,
        mavenCommand,
        mavenOffline,
        runTests,
        javaCommand,
        sshDirectory);
  }

  public BuilderSettings withBuildTimeout(Duration timeout) {
    return new BuilderSettings(
        allowedHosts,
        maxRepositoryBytes,
        fetchTimeout,
        timeout,
        mavenCommand,
        mavenOffline,
        runTests,
        javaCommand,
        sshDirectory);
  }

  public BuilderSettings withMavenCommand(List<String> command) {
    return new BuilderSettings(
        allowedHosts,
        maxRepositoryBytes,
        fetchTimeout,
        buildTimeout,
        command,
        mavenOffline,
        runTests,
        javaCommand,
        sshDirectory);
  }

  public BuilderSettings withMavenOffline(boolean offline) {
    return new BuilderSettings(
        allowedHosts,
        maxRepositoryBytes,
        fetchTimeout,
        buildTimeout,
        mavenCommand,
        offline,
        runTests,
        javaCommand,
        sshDirectory);
  }

  public BuilderSettings withRunTests(boolean tests) {
    return new BuilderSettings(
        allowedHosts,
        maxRepositoryBytes,
        fetchTimeout,
        buildTimeout,
        mavenCommand,
        mavenOffline,
        tests,
        javaCommand,
        sshDirectory);
  }

  public BuilderSettings withJavaCommand(String java) {
    return new BuilderSettings(
        allowedHosts,
        maxRepositoryBytes,
        fetchTimeout,
        buildTimeout,
        mavenCommand,
        mavenOffline,
        runTests,
        java,
        sshDirectory);
  }

  public BuilderSettings withSshDirectory(Path directory) {
    return new BuilderSettings(
        allowedHosts,
        maxRepositoryBytes,
        fetchTimeout,
        buildTimeout,
        mavenCommand,
        mavenOffline,
        runTests,
        javaCommand,
        directory);
  }

  /** Whether {@code host} may be fetched from: any when the allow-list is empty. */
  public boolean allowsHost(String host) {
    if (allowedHosts.isEmpty()) {
      return true;
    }
    String h = host.toLowerCase(Locale.ROOT);
    for (String allowed : allowedHosts) {
      if (allowed.startsWith("*.")) {
        if (h.endsWith(allowed.substring(1))) {
          return true;
        }
      } else if (allowed.equals(h)) {
        return true;
      }
    }
    return false;
  }

  private static String currentJava() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return Files.isExecutable(java) ? java.toString() : "java";
  }

  private static Duration duration(String name, String value) {
    String v = value.strip();
    try {
      Duration d = v.matches("[0-9]+") ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + "='" + value + "' must be positive");
      }
      return d;
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(
          name + "='" + value + "' is not a duration: give seconds (600) or ISO-8601 (PT10M)");
    }
  }

  private static boolean bool(String name, String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException(name + "='" + value + "' is not true or false");
    };
  }
}
