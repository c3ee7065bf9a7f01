package dev.aloft.server.etcd;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach etcd: the {@code aloft.etcd.*} properties (see docs/cluster.md), checked.
 *
 * @param endpoints client URLs, {@code http://host:port} or {@code https://host:port}
 * @param keyPrefix every key Aloft writes starts with it ({@code /aloft} by default), so several
 *     platforms (or test runs) can share one etcd
 * @param user with {@code password}: etcd's own authentication, when enabled
 * @param caFile the CA that signed etcd's certificate (PEM), for https endpoints
 * @param certFile with {@code keyFile}: a client certificate, when etcd asks for one
 * @param timeout the deadline of each call to etcd; a call that takes longer is UNAVAILABLE
 */
public record EtcdSettings(
    List<URI> endpoints,
    String keyPrefix,
    Optional<String> user,
    Optional<String> password,
    Optional<Path> caFile,
    Optional<Path> certFile,
    Optional<Path> keyFile,
    Duration timeout) {

  private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._-]+)+");

  public EtcdSettings {
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("aloft.etcd.endpoints names no endpoint");
    }
    for (URI endpoint : endpoints) {
      if (!("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))
          || endpoint.getHost() == null
          || endpoint.getPort() < 1) {
        throw new IllegalArgumentException(
            "aloft.etcd.endpoints: '"
                + endpoint
                + "' is not an etcd client URL such as http://127.0.0.1:2379");
      }
    }
    if (!PREFIX.matcher(keyPrefix).matches()) {
      throw new IllegalArgumentException(
          "aloft.etcd.prefix: '"
              + keyPrefix
              + "' is not a key prefix such as /aloft (segments of [A-Za-z0-9._-], each after"
              + " a /, no trailing /)");
    }
    if (user.isPresent() != password.isPresent()) {
      throw new IllegalArgumentException(
          "aloft.etcd.user and aloft.etcd.password are set together or not at all");
    }
    if (certFile.isPresent() != keyFile.isPresent()) {
      throw new IllegalArgumentException(
          "aloft.etcd.tls.cert-file and aloft.etcd.tls.key-file are set together or not at all");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("aloft.etcd.timeout must be positive, got " + timeout);
    }
  }

  /** Settings for plain-text endpoints without authentication. */
  public static EtcdSettings of(List<URI> endpoints, String keyPrefix, Duration timeout) {
    return new EtcdSettings(
        endpoints,
        keyPrefix,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        timeout);
  }

  /** Parses a comma-separated list of endpoint URLs. */
  public static List<URI> parseEndpoints(String text) {
    try {
      return Pattern.compile("\\s*,\\s*")
          .splitAsStream(text.trim())
          .filter(endpoint -> !endpoint.isEmpty())
          .map(URI::create)
          .toList();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "aloft.etcd.endpoints: '" + text + "' is not a comma-separated list of URLs", e);
    }
  }

  /** The endpoints as a user wrote them, for messages. */
  public String endpointsText() {
    return String.join(",", endpoints.stream().map(URI::toString).toList());
  }
}
