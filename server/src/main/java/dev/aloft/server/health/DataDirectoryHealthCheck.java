package dev.aloft.server.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the data directory, where every embedded backend keeps its files, is writable.
 */
@Readiness
@ApplicationScoped
public class DataDirectoryHealthCheck implements HealthCheck {

  @ConfigProperty(name = "aloft.data-dir")
  Path dataDir;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("data-directory").withData("path", dataDir.toString());
    try {
      Files.createDirectories(dataDir);
      Path probe = Files.createTempFile(dataDir, ".ready-check", ".tmp");
      Files.delete(probe);
      return response.up().build();
    } catch (IOException | SecurityException e) {
      return response.down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
