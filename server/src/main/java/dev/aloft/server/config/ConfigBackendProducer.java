package dev.aloft.server.config;

import dev.aloft.server.etcd.EtcdConnection;
import dev.aloft.server.launch.StartupFailure;
import dev.aloft.server.launch.StartupOrder;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses the config backend of this server, as {@code aloft.config.backend} says: {@code embedded}
 * (the server's database, the default) or {@code etcd} (the shared etcd client; the {@code cluster}
 * profile). Either way secrets are encrypted with the key in {@code aloft.config.secret-key-file},
 * by default {@code <data-dir>/config/secret.key}; servers sharing one etcd must share that key
 * file.
 */
@Singleton
public class ConfigBackendProducer {

  @Produces
  @ApplicationScoped
  @Startup(StartupOrder.BACKENDS)
  ConfigBackend configBackend(
      @ConfigProperty(name = "aloft.config.backend", defaultValue = "embedded") String backend,
      @ConfigProperty(name = "aloft.data-dir") Path dataDir,
      @ConfigProperty(name = "aloft.config.secret-key-file") Optional<Path> secretKeyFile,
      Instance<DataSource> dataSource,
      Instance<EtcdConnection> etcd) {
    return StartupFailure.unlessItFails(
        () -> {
          if (!backend.equals("embedded") && !backend.equals("etcd")) {
            throw new IllegalArgumentException(
                "aloft.config.backend must be embedded or etcd, got '" + backend + "'");
          }
          SecretCipher cipher =
              SecretCipher.loadOrCreate(
                  secretKeyFile.orElse(
                      dataDir.resolve("config").resolve(SecretCipher.KEY_FILE_NAME)));
          return backend.equals("etcd")
              ? new EtcdConfigBackend(etcd.get(), cipher, Clock.systemUTC())
              : new EmbeddedConfigBackend(dataSource.get(), cipher, Clock.systemUTC());
        });
  }
}
