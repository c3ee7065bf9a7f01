package dev.aloft.operator.partition;

import dev.aloft.tenant.BackendPrefixes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How the platform server's backends name what they keep ({@code aloft.partitions.*.prefix}); must
 * equal the server's {@code aloft.etcd.prefix}, {@code aloft.store.postgres.schema-prefix} and
 * {@code aloft.events.jetstream.prefix}.
 */
@ApplicationScoped
public class BackendPrefixesProducer {

  @ConfigProperty(name = "aloft.partitions.etcd.prefix", defaultValue = "/aloft")
  String etcd;

  @ConfigProperty(name = "aloft.partitions.postgres.schema-prefix", defaultValue = "aloft_")
  String postgres;

  @ConfigProperty(name = "aloft.partitions.jetstream.prefix", defaultValue = "aloft")
  String jetStream;

  @Produces
  @jakarta.inject.Singleton
  BackendPrefixes backendPrefixes() {
    return new BackendPrefixes(etcd, postgres, jetStream);
  }
}
