package dev.aloft.server.etcd;

import dev.aloft.server.launch.StartupFailure;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the server's one etcd client from the {@code aloft.etcd.*} properties; only created when a
 * backend on etcd asks for it. Bad settings stop the server with one line naming the property.
 */
@Singleton
public class EtcdConnectionProducer {

  @Produces
  @Singleton
  EtcdConnection etcdConnection(
      @ConfigProperty(name = "aloft.etcd.endpoints", defaultValue = "http://127.0.0.1:2379")
          String endpoints,
      @ConfigProperty(name = "aloft.etcd.prefix", defaultValue = "/aloft") String prefix,
      @ConfigProperty(name = "aloft.etcd.user") Optional<String> user,
      @ConfigProperty(name = "aloft.etcd.password") Optional<String> password,
      @ConfigProperty(name = "aloft.etcd.tls.ca-file") Optional<Path> caFile,
      @ConfigProperty(name = "aloft.etcd.tls.cert-file") Optional<Path> certFile,
      @ConfigProperty(name = "aloft.etcd.tls.key-file") Optional<Path> keyFile,
      @ConfigProperty(name = "aloft.etcd.timeout", defaultValue = "5S") Duration timeout) {
    try {
      return new EtcdConnection(
          new EtcdSettings(
              EtcdSettings.parseEndpoints(endpoints),
              prefix,
              user,
              password,
              caFile,
              certFile,
              keyFile,
              timeout));
    } catch (IllegalArgumentException e) {
      throw StartupFailure.stop(e.getMessage(), 2);
    }
  }

  void close(@Disposes EtcdConnection connection) {
    connection.close();
  }
}
