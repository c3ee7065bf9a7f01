package dev.aloft.server.launch;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Prints the one line that says the server is ready, with where it listens and what it cost.
 * Quarkus opens the HTTP server last, after start-up observers and the gRPC server, so its start
 * event is the moment everything answers.
 */
@Singleton
class ReadyAnnouncement {

  private static final Logger LOG = Logger.getLogger("aloft");

  @ConfigProperty(name = "quarkus.grpc.server.port")
  int grpcPort;

  @ConfigProperty(name = "quarkus.grpc.server.test-port", defaultValue = "9001")
  int grpcTestPort;

  @ConfigProperty(name = "aloft.data-dir")
  Path dataDir;

  void onHttpServerStarted(@ObservesAsync HttpServerStart event) {
    int httpPort = event.options().getPort();
    long uptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();
    LOG.infof(
        "Aloft server ready in %s s: HTTP :%d, gRPC :%d, data %s, RSS %s",
        String.format(Locale.ROOT, "%.2f", uptimeMillis / 1000.0),
        httpPort,
        LaunchMode.current() == LaunchMode.TEST ? grpcTestPort : grpcPort,
        dataDir,
        residentSetSize());
  }

  /** VmRSS of this process as Linux reports it, or "n/a" elsewhere. */
  static String residentSetSize() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return (kb / 1024) + " MB";
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: nothing to report
    }
    return "n/a";
  }
}
