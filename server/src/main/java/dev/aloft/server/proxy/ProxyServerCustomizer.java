package dev.aloft.server.proxy;

import io.quarkus.arc.Unremovable;
import io.quarkus.grpc.api.ServerBuilderCustomizer;
import io.quarkus.grpc.runtime.config.GrpcServerConfiguration;
import io.vertx.grpc.VertxServerBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Installs the proxy as the fallback of the gRPC server: the separate server on the gRPC port
 * ({@code quarkus.grpc.server.use-separate-server=true}), which Quarkus builds with a {@link
 * VertxServerBuilder}.
 */
@ApplicationScoped
@Unremovable
public class ProxyServerCustomizer implements ServerBuilderCustomizer<VertxServerBuilder> {

  private static final Logger LOG = Logger.getLogger(ProxyServerCustomizer.class);

  private final ProxyHandlerRegistry registry;

  @Inject
  public ProxyServerCustomizer(ProxyHandlerRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void customize(GrpcServerConfiguration config, VertxServerBuilder builder) {
    builder.fallbackHandlerRegistry(registry);
    LOG.debug("identity proxy installed as the gRPC server's fallback");
  }
}
