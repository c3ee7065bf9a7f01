package dev.aloft.server.runtime;

import dev.aloft.server.auth.AccountStore;
import dev.aloft.server.auth.NamespaceRules;
import dev.aloft.server.auth.RuleStore;
import dev.aloft.server.launch.StartupFailure;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the server's runtime, as {@code aloft.runtime.backend} says: {@code local} (child processes
 * of the server, the default) or {@code kubernetes} (Service custom resources that the operator
 * builds and runs, {@link KubernetesRuntime}). Runs the recorded services again when the server
 * starts, and stops them when it stops. Settings: docs/runtime.md.
 */
@Singleton
public class RuntimeBackendProducer {

  @Produces
  @Singleton
  RuntimeBackend runtimeBackend(
      @ConfigProperty(name = "aloft.runtime.backend", defaultValue = "local") String backend,
      @ConfigProperty(name = "aloft.data-dir") Path dataDir,
      @ConfigProperty(name = "aloft.runtime.advertise-host", defaultValue = "127.0.0.1")
          String advertiseHost,
      @ConfigProperty(name = "aloft.runtime.environment") Optional<String> environment,
      @ConfigProperty(name = "aloft.runtime.restart-backoff", defaultValue = "1S")
          Duration backoffBase,
      @ConfigProperty(name = "aloft.runtime.restart-backoff-max", defaultValue = "60S")
          Duration backoffMax,
      @ConfigProperty(name = "aloft.runtime.start-timeout", defaultValue = "60S")
          Duration startTimeout,
      @ConfigProperty(name = "aloft.runtime.log-max-size", defaultValue = "10M")
          MemorySize logMaxSize,
      @ConfigProperty(name = "aloft.runtime.kubernetes.labels") Optional<String> labels,
      @ConfigProperty(name = "aloft.runtime.kubernetes.poll-interval", defaultValue = "1S")
          Duration pollInterval,
      Config config,
      AccountStore accounts,
      RuleStore rules,
      NamespaceRules namespaceRules,
      Instance<KubernetesClient> kubernetes) {
    if (backend.equals("kubernetes")) {
      Map<String, String> extraLabels;
      try {
        extraLabels = labels(labels.orElse(""));
      } catch (IllegalArgumentException e) {
        throw StartupFailure.stop(e.getMessage(), 2);
      }
      return new KubernetesRuntime(
          kubernetes.get(),
          new KubernetesRuntime.Settings(
              environment.filter(value -> !value.isBlank()).orElse("dev"),
              extraLabels,
              pollInterval),
          Clock.systemUTC());
    }
    if (!backend.equals("local")) {
      throw StartupFailure.stop(
          "aloft.runtime.backend must be local (child processes of the server) or kubernetes"
              + " (Service resources run by the operator), got '"
              + backend
              + "'",
          2);
    }
    long logMaxBytes;
    try {
      requirePositive("aloft.runtime.start-timeout", startTimeout);
      logMaxBytes = logMaxBytes(logMaxSize);
    } catch (IllegalArgumentException e) {
      throw StartupFailure.stop(e.getMessage(), 2);
    }
    String portProperty =
        LaunchMode.current() == LaunchMode.TEST
            ? "quarkus.grpc.server.test-port"
            : "quarkus.grpc.server.port";
    int grpcPort = config.getOptionalValue(portProperty, Integer.class).orElse(8081);
    return new LocalRuntime(
        new LocalRuntime.Settings(
            dataDir.resolve("runtime"),
            "127.0.0.1:" + grpcPort,
            advertiseHost,
            environment.filter(value -> !value.isBlank()),
            backoffBase,
            backoffMax,
            Duration.ofSeconds(60),
            startTimeout,
            logMaxBytes),
        ServiceBuilderBuilds.fromEnvironment(),
        new ServiceAccounts(accounts, rules, Optional.of(namespaceRules)),
        Clock.systemUTC());
  }

  /**
   * @throws IllegalArgumentException naming the setting when the duration is zero or negative
   */
  static void requirePositive(String setting, Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(
          setting + " must be longer than 0 (e.g. 60S), got " + duration);
    }
  }

  /**
   * {@code aloft.runtime.log-max-size} in bytes.
   *
   * @throws IllegalArgumentException naming the setting when it is below one kilobyte
   */
  static long logMaxBytes(MemorySize size) {
    long bytes = size.asLongValue();
    if (bytes < 1024) {
      throw new IllegalArgumentException(
          "aloft.runtime.log-max-size must be at least 1K (e.g. 10M), got " + bytes + " bytes");
    }
    return bytes;
  }

  /**
   * {@code aloft.runtime.kubernetes.labels}: {@code key=value} pairs separated by commas.
   *
   * @throws IllegalArgumentException naming the setting and the pair that is not a label
   */
  static Map<String, String> labels(String setting) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String pair : setting.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? "" : pair.substring(0, eq).strip();
      String value = eq < 0 ? "" : pair.substring(eq + 1).strip();
      if (eq < 0
          || !key.matches(
              "([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?")
          || !value.matches("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?")
          || value.length() > 63) {
        throw new IllegalArgumentException(
            "aloft.runtime.kubernetes.labels: '"
                + pair.strip()
                + "' is not a Kubernetes label key=value (e.g. aloft.dev/test=cr,team=shop)");
      }
      labels.put(key, value);
    }
    return labels;
  }

  void resume(@Observes StartupEvent started, RuntimeBackend backend) {
    backend.resume();
  }

  void close(@Disposes RuntimeBackend backend) {
    backend.close();
  }
}
