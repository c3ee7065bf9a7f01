package dev.aloft.sdk;

import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a service runs and who it is, as the Aloft runtime tells it through the environment
 * (docs/sdk.md): {@code ALOFT_SERVICE}, {@code ALOFT_NAMESPACE}, {@code ALOFT_SERVER}, {@code
 * ALOFT_ACCOUNT_ID}, {@code ALOFT_ACCOUNT_SECRET}, {@code ALOFT_GRPC_PORT}, {@code
 * ALOFT_ADVERTISE_HOST}, {@code ALOFT_VERSION}, {@code ALOFT_ENVIRONMENT}. Tests and embedding
 * applications build settings with the {@code with...} methods instead.
 *
 * @param service the name to register as, overriding the one in code ({@code ALOFT_SERVICE})
 * @param namespace the tenant namespace ({@code ALOFT_NAMESPACE}, default {@code default})
 * @param server the platform server's gRPC address {@code host:port} ({@code ALOFT_SERVER})
 * @param accountId the service account ({@code ALOFT_ACCOUNT_ID}); without it calls are anonymous
 * @param accountSecret its secret ({@code ALOFT_ACCOUNT_SECRET})
 * @param grpcPort the port to serve on, 0 for any free port ({@code ALOFT_GRPC_PORT})
 * @param advertiseHost the host others reach this service at ({@code ALOFT_ADVERTISE_HOST})
 * @param version the version to register, overriding the one in code ({@code ALOFT_VERSION})
 * @param environment the stage the service runs in, registered as metadata ({@code
 *     ALOFT_ENVIRONMENT})
 * @param registrationTtl how long a registration lives without a heartbeat (30 s); heartbeats go
 *     every third of it
 */
public record ServiceSettings(
    Optional<String> service,
    String namespace,
    String server,
    Optional<String> accountId,
    Optional<String> accountSecret,
    int grpcPort,
    String advertiseHost,
    Optional<String> version,
    Optional<String> environment,
    Duration registrationTtl) {

  public static final String DEFAULT_SERVER = "127.0.0.1:8081";
  public static final String DEFAULT_NAMESPACE = "default";
  public static final String DEFAULT_ADVERTISE_HOST = "127.0.0.1";
  public static final Duration DEFAULT_REGISTRATION_TTL = Duration.ofSeconds(30);

  static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,55}[a-z0-9])?");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+-]{1,64}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]");

  public ServiceSettings {
    service.ifPresent(name -> checkServiceName(name, "ALOFT_SERVICE"));
    if (!NAMESPACE.matcher(namespace).matches()) {
      throw invalid(
          "ALOFT_NAMESPACE",
          namespace,
          "is not a namespace (1 to 57 lowercase letters, digits or '-', starting and ending"
              + " with a letter or digit)");
    }
    checkAddress(server);
    if (accountId.isPresent() != accountSecret.isPresent()) {
      throw new AloftException(
          Status.Code.INVALID_ARGUMENT,
          accountId.isPresent()
              ? "ALOFT_ACCOUNT_SECRET: required when ALOFT_ACCOUNT_ID is set"
              : "ALOFT_ACCOUNT_ID: required when ALOFT_ACCOUNT_SECRET is set");
    }
    if (grpcPort < 0 || grpcPort > 65535) {
      throw invalid("ALOFT_GRPC_PORT", "" + grpcPort, "is not a port (0 to 65535)");
    }
    if (!HOST.matcher(advertiseHost).matches()) {
      throw invalid(
          "ALOFT_ADVERTISE_HOST",
          advertiseHost,
          "is not a host name, IPv4 address or [IPv6] address");
    }
    version.ifPresent(
        value -> {
          if (!VERSION.matcher(value).matches()) {
            throw invalid(
                "ALOFT_VERSION",
                value,
                "is not a version (at most 64 letters, digits, '.', '_', '+' and '-')");
          }
        });
    if (registrationTtl.compareTo(Duration.ofSeconds(1)) < 0
        || registrationTtl.compareTo(Duration.ofHours(24)) > 0) {
      throw new AloftException(
          Status.Code.INVALID_ARGUMENT,
          "registration TTL: " + registrationTtl + " is not between 1s and 24h");
    }
  }

  /** The settings of a service started without any {@code ALOFT_*} variable. */
  public static ServiceSettings defaults() {
    return fromEnvironment(Map.of());
  }

  /** The settings the process's environment gives. */
  public static ServiceSettings fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * The settings ENV gives; unset or empty variables take their defaults. A variable that cannot be
   * used is an {@link AloftException} (INVALID_ARGUMENT) naming it, e.g. {@code ALOFT_GRPC_PORT:
   * 'abc' is not a port (0 to 65535)}.
   */
  public static ServiceSettings fromEnvironment(Map<String, String> env) {
    return new ServiceSettings(
        variable(env, "ALOFT_SERVICE"),
        variable(env, "ALOFT_NAMESPACE").orElse(DEFAULT_NAMESPACE),
        variable(env, "ALOFT_SERVER").orElse(DEFAULT_SERVER),
        variable(env, "ALOFT_ACCOUNT_ID"),
        variable(env, "ALOFT_ACCOUNT_SECRET"),
        variable(env, "ALOFT_GRPC_PORT").map(ServiceSettings::port).orElse(0),
        variable(env, "ALOFT_ADVERTISE_HOST").orElse(DEFAULT_ADVERTISE_HOST),
        variable(env, "ALOFT_VERSION"),
        variable(env, "ALOFT_ENVIRONMENT"),
        DEFAULT_REGISTRATION_TTL);
  }

  public ServiceSettings withService(String name) {
    return new ServiceSettings(
        Optional.of(name),
        namespace,
        server,
        accountId,
        accountSecret,
        grpcPort,
        advertiseHost,
        version,
        environment,
        registrationTtl);
  }

  public ServiceSettings withNamespace(String namespace) {
    return new ServiceSettings(
        service,
        namespace,
        server,
        accountId,
        accountSecret,
        grpcPort,
        advertiseHost,
        version,
        environment,
        registrationTtl);
  }

  public ServiceSettings withServer(String server) {
    return new ServiceSettings(
        service,
        namespace,
        server,
        accountId,
        accountSecret,
        grpcPort,
        advertiseHost,
        version,
        environment,
        registrationTtl);
  }

  public ServiceSettings withAccount(String id, String secret) {
    return new ServiceSettings(
        service,
        namespace,
        server,
        Optional.of(id),
        Optional.of(secret),
        grpcPort,
        advertiseHost,
        version,
        environment,
        registrationTtl);
  }

  public ServiceSettings withGrpcPort(int port) {
    return new ServiceSettings(
        service,
        namespace,
        server,
        accountId,
        accountSecret,
        port,
        advertiseHost,
        version,
        environment,
        registrationTtl);
  }

  public ServiceSettings withVersion(String version) {
    return new ServiceSettings(
        service,
        namespace,
        server,
        accountId,
        accountSecret,
        grpcPort,
        advertiseHost,
        Optional.of(version),
        environment,
        registrationTtl);
  }

  public ServiceSettings withRegistrationTtl(Duration ttl) {
    return new ServiceSettings(
        service,
        namespace,
        server,
        accountId,
        accountSecret,
        grpcPort,
        advertiseHost,
        version,
        environment,
        ttl);
  }

  /** Checks a service name given in code or in ALOFT_SERVICE (reported as SOURCE). */
  static void checkServiceName(String name, String source) {
    if (name == null || !SERVICE_NAME.matcher(name).matches()) {
      throw invalid(
          source,
          name,
          "is not a service name (at most 128 letters, digits, '.', '_' and '-', starting with a"
              + " letter or digit)");
    }
  }

  private static Optional<String> variable(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static int port(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw invalid("ALOFT_GRPC_PORT", value, "is not a port (0 to 65535)");
    }
  }

  private static void checkAddress(String server) {
    int colon = server.lastIndexOf(':');
    String problem = null;
    if (colon <= 0) {
      problem = "is not host:port (e.g. 127.0.0.1:8081)";
    } else if (!HOST.matcher(server.substring(0, colon)).matches()) {
      problem = "has no valid host before the last ':'";
    } else {
      String port = server.substring(colon + 1);
      int number = port.matches("[0-9]{1,5}") ? Integer.parseInt(port) : -1;
      if (number < 1 || number > 65535) {
        problem = "has no port 1..65535 after the last ':'";
      }
    }
    if (problem != null) {
      throw invalid("ALOFT_SERVER", server, problem);
    }
  }

  private static AloftException invalid(String variable, String value, String problem) {
    return new AloftException(
        Status.Code.INVALID_ARGUMENT, variable + ": '" + value + "' " + problem);
  }
}
