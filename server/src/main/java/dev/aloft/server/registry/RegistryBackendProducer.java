package dev.aloft.server.registry;

import dev.aloft.server.etcd.EtcdConnection;
import dev.aloft.server.launch.StartupFailure;
import dev.aloft.server.launch.StartupOrder;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the server's registry backend, as {@code aloft.registry.backend} says: {@code embedded} (in
 * memory, the default) or {@code etcd} (the shared etcd client; the {@code cluster} profile). Made
 * by the start-up event (application scoped: the gRPC handlers hold a proxy), so a bad setting
 * stops the server with one line ({@link StartupFailure}).
 */
@Singleton
public class RegistryBackendProducer {

  @Produces
  @ApplicationScoped
  @Startup(StartupOrder.BACKENDS)
  RegistryBackend registryBackend(
      @ConfigProperty(name = "aloft.registry.backend", defaultValue = "embedded") String backend,
      Instance<EtcdConnection> etcd) {
    return StartupFailure.unlessItFails(
        () ->
            switch (backend) {
              case "embedded" -> new InMemoryRegistryBackend(Clock.systemUTC());
              case "etcd" -> new EtcdRegistryBackend(etcd.get(), Clock.systemUTC());
              default ->
                  throw new IllegalArgumentException(
                      "aloft.registry.backend must be embedded or etcd, got '" + backend + "'");
            });
  }

  void close(@Disposes RegistryBackend backend) {
    backend.close();
  }
}
