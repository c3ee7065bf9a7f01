package dev.aloft.server.store;

import dev.aloft.server.launch.StartupFailure;
import dev.aloft.server.launch.StartupOrder;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses the store backend of this server with {@code aloft.store.backend}: {@code embedded} (the
 * server's own database) or {@code postgres} ({@code aloft.store.postgres.*}). Made at start-up
 * (application scoped, so the gRPC handlers hold a proxy and the backend is made by the start-up
 * event, not inside the gRPC server's start): an unreachable PostgreSQL or a bad setting stops the
 * server before it reports ready, with one line naming it ({@link StartupFailure}).
 */
@Singleton
public class StoreBackendProducer {

  @Produces
  @ApplicationScoped
  @Startup(StartupOrder.BACKENDS)
  StoreBackend storeBackend(
      DataSource dataSource,
      @ConfigProperty(name = "aloft.store.backend", defaultValue = "embedded") String backend,
      @ConfigProperty(name = "aloft.store.postgres.url") Optional<String> url,
      @ConfigProperty(name = "aloft.store.postgres.user") Optional<String> user,
      @ConfigProperty(name = "aloft.store.postgres.password") Optional<String> password,
      @ConfigProperty(name = "aloft.store.postgres.password-file") Optional<Path> passwordFile,
      @ConfigProperty(name = "aloft.store.postgres.pool-size", defaultValue = "16") int poolSize,
      @ConfigProperty(name = "aloft.store.postgres.schema-prefix", defaultValue = "aloft_")
          String schemaPrefix,
      @ConfigProperty(name = "aloft.store.postgres.connect-timeout", defaultValue = "5S")
          Duration connectTimeout) {
    return StartupFailure.unlessItFails(
        () ->
            switch (backend) {
              case "embedded" -> new EmbeddedStoreBackend(dataSource, Clock.systemUTC());
              case "postgres" ->
                  PostgresStoreBackend.open(
                      new PostgresStoreSettings(
                          url.orElseThrow(
                              () ->
                                  new IllegalArgumentException(
                                      "aloft.store.postgres.url is required with"
                                          + " aloft.store.backend=postgres")),
                          user.orElse(null),
                          password
                              .or(() -> passwordFile.map(StoreBackendProducer::read))
                              .orElse(""),
                          poolSize,
                          schemaPrefix,
                          connectTimeout),
                      Clock.systemUTC());
              default ->
                  throw new IllegalArgumentException(
                      "aloft.store.backend '"
                          + backend
                          + "' is not a store backend: use embedded or postgres");
            });
  }

  void close(@Disposes StoreBackend backend) {
    if (backend instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot close the store backend: " + e.getMessage(), e);
      }
    }
  }

  /** The password in {@code file}; none when there is no such file (e.g. trust authentication). */
  private static String read(Path file) {
    if (!Files.exists(file)) {
      return "";
    }
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "aloft.store.postgres.password-file " + file + " cannot be read: " + e, e);
    }
  }
}
