package dev.aloft.sdk;

import dev.aloft.api.config.v1.ConfigGrpc;
import dev.aloft.api.events.v1.StreamGrpc;
import dev.aloft.api.store.v1.StoreGrpc;
import dev.aloft.sdk.auth.IdentityHeaders;
import dev.aloft.sdk.auth.ServiceTokens;
import dev.aloft.sdk.config.ServiceConfig;
import dev.aloft.sdk.events.ServiceEvents;
import dev.aloft.sdk.store.ServiceStore;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import java.util.function.Function;

/**
 * What a service's handlers get from the platform, always as the service's own account in its
 * namespace: clients of other services by name (through the platform's proxy), and the config,
 * store and events of the namespace.
 *
 * <pre>{@code
 * var helloworld = aloft.client("helloworld", HelloworldGrpc::newBlockingStub);
 * String prefix = aloft.config().get("greeter.prefix", String.class, "Hello");
 * aloft.store().write("last", message);
 * aloft.events().publish("greetings", message);
 * }</pre>
 */
public final class ServiceContext implements AutoCloseable {

  private final String name;
  private final String version;
  private final String namespace;
  private final Channel platform;
  private final ServiceTokens tokens;
  private final Channel authorized;
  private final ServiceConfig config;
  private final ServiceStore store;
  private final ServiceEvents events;

  ServiceContext(
      String name, String version, String namespace, Channel platform, ServiceTokens tokens) {
    this.name = name;
    this.version = version;
    this.namespace = namespace;
    this.platform = platform;
    this.tokens = tokens;
    this.authorized =
        ClientInterceptors.intercept(platform, IdentityHeaders.toPlatform(tokens, namespace));
    this.config = new ServiceConfig(ConfigGrpc.newBlockingStub(authorized));
    this.store = new ServiceStore(StoreGrpc.newBlockingStub(authorized), "", name);
    this.events = new ServiceEvents(StreamGrpc.newBlockingStub(authorized));
  }

  /** The name the service is registered as. */
  public String name() {
    return name;
  }

  /** The version the service is registered as. */
  public String version() {
    return version;
  }

  /** The namespace (tenant) the service runs in. */
  public String namespace() {
    return namespace;
  }

  /**
   * A stub for calling the registered service SERVICE by name, made by STUB_FACTORY (e.g. {@code
   * HelloworldGrpc::newBlockingStub}). Calls go through the platform's proxy with this service's
   * token and {@code aloft-service: SERVICE} (docs/proxy.md); they fail as the called service or
   * the proxy answers (e.g. NOT_FOUND when no node of it is registered).
   */
  public <S> S client(String service, Function<Channel, S> stubFactory) {
    return stubFactory.apply(channel(service));
  }

  /** A channel whose calls reach the registered service SERVICE through the proxy. */
  public Channel channel(String service) {
    ServiceSettings.checkServiceName(service, "service");
    return ClientInterceptors.intercept(
        platform, IdentityHeaders.toService(tokens, namespace, service));
  }

  /**
   * A channel to the platform's own services with this service's identity, for platform calls the
   * SDK does not wrap (e.g. {@code RegistryGrpc.newBlockingStub(aloft.platform())}).
   */
  public Channel platform() {
    return authorized;
  }

  /** The config of the namespace. */
  public ServiceConfig config() {
    return config;
  }

  /** The store: the namespace's database, a table named after the service. */
  public ServiceStore store() {
    return store;
  }

  /** The event streams of the namespace. */
  public ServiceEvents events() {
    return events;
  }

  /** Ends config watches and event consumers. */
  @Override
  public void close() {
    config.close();
    events.close();
  }
}
