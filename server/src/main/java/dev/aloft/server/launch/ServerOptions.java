package dev.aloft.server.launch;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What `aloft server` was asked to do: ports, data directory and configuration profile, resolved
 * from flags first, then {@code ALOFT_*} environment variables, then the embedded defaults.
 *
 * @param profile the Quarkus configuration profile ({@code quarkus.profile}), e.g. {@code cluster};
 *     empty: the default ({@code prod}, embedded backends)
 */
public record ServerOptions(int httpPort, int grpcPort, Path dataDir, Optional<String> profile) {

  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final int DEFAULT_GRPC_PORT = 8081;

  private static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*");

  static final String USAGE =
      """
      Usage: aloft server [--http-port PORT] [--grpc-port PORT] [--data-dir DIR] [--profile NAME]

      Starts the Aloft platform server, with embedded backends unless a profile says otherwise.

        --http-port PORT  HTTP port (gateway, health)    env ALOFT_HTTP_PORT  default 8080
        --grpc-port PORT  gRPC port (platform services)  env ALOFT_GRPC_PORT  default 8081
        --data-dir DIR    where data is kept             env ALOFT_DATA_DIR   default ~/.aloft/data
        --profile NAME    configuration profile          env ALOFT_PROFILE    default none
        -h, --help        show this help

      Environment: ALOFT_ADMIN_SECRET sets the platform admin's secret (8 to 1024 characters) on
      the first start of a data directory; without it one is generated and kept in
      <data-dir>/admin-secret.

      --profile cluster puts the backends on the engines of infra/ (etcd for registry and
      config, at ALOFT_ETCD_ENDPOINTS, default http://127.0.0.1:2379); see docs/cluster.md.
      """;

  /** Options without a profile: the embedded backends. */
  public ServerOptions(int httpPort, int grpcPort, Path dataDir) {
    this(httpPort, grpcPort, dataDir, Optional.empty());
  }

  /** Thrown for input the user must fix; its message is the one line shown to them. */
  public static final class InvalidOptionException extends RuntimeException {
    public InvalidOptionException(String message) {
      super(message);
    }
  }

  /** Returns null when help was asked for. */
  public static ServerOptions parse(String[] args, Map<String, String> env, Path home) {
    String http = env.get("ALOFT_HTTP_PORT");
    String grpc = env.get("ALOFT_GRPC_PORT");
    String dataDir = env.get("ALOFT_DATA_DIR");
    String profile = env.get("ALOFT_PROFILE");
    String profileSource = "ALOFT_PROFILE";
    String httpSource = "ALOFT_HTTP_PORT";
    String grpcSource = "ALOFT_GRPC_PORT";
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      switch (name) {
        case "-h", "--help" -> {
          return null;
        }
        case "--http-port", "--grpc-port", "--data-dir", "--profile" -> {
          if (value == null) {
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
              throw new InvalidOptionException("option " + name + " needs a value");
            }
            value = args[++i];
          }
          switch (name) {
            case "--http-port" -> {
              http = value;
              httpSource = name;
            }
            case "--grpc-port" -> {
              grpc = value;
              grpcSource = name;
            }
            case "--profile" -> {
              profile = value;
              profileSource = name;
            }
            default -> dataDir = value;
          }
        }
        default ->
            throw new InvalidOptionException(
                (arg.startsWith("-") ? "unknown option " : "unexpected argument ")
                    + "'"
                    + arg
                    + "' (see aloft server --help)");
      }
    }
    int httpPort = port(http, DEFAULT_HTTP_PORT, httpSource);
    int grpcPort = port(grpc, DEFAULT_GRPC_PORT, grpcSource);
    if (httpPort == grpcPort) {
      throw new InvalidOptionException("HTTP and gRPC ports must differ, both are " + httpPort);
    }
    Path dir =
        dataDir == null || dataDir.isBlank()
            ? home.resolve(".aloft").resolve("data")
            : expandHome(dataDir, home);
    return new ServerOptions(
        httpPort, grpcPort, dir.toAbsolutePath().normalize(), profile(profile, profileSource));
  }

  private static Optional<String> profile(String value, String source) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String name = value.trim();
    if (!PROFILE.matcher(name).matches()) {
      throw new InvalidOptionException(
          source
              + " must be a profile name such as cluster (letters, digits, '-', '_'), got '"
              + value
              + "'");
    }
    return Optional.of(name);
  }

  private static int port(String value, int fallback, String source) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidOptionException(
        source + " must be a port number between 1 and 65535, got '" + value + "'");
  }

  private static Path expandHome(String dir, Path home) {
    if (dir.equals("~")) {
      return home;
    }
    if (dir.startsWith("~/")) {
      return home.resolve(dir.substring(2));
    }
    return Path.of(dir);
  }
}
