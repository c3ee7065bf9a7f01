package dev.aloft.sdk;

import dev.aloft.api.registry.v1.Node;
import dev.aloft.api.registry.v1.RegistryGrpc;
import dev.aloft.sdk.auth.ServiceTokens;
import dev.aloft.sdk.registry.EndpointSchemas;
import dev.aloft.sdk.registry.Registration;
import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A service on Aloft, the counterpart of Micro's {@code service.New}:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   Service.builder("helloworld").handler(new Helloworld()).build().run();
 * }
 * }</pre>
 *
 * <p>{@link #start()} serves the handlers over gRPC with server reflection and {@code
 * grpc.health.v1.Health}, registers the service with its endpoints' request and response schemas
 * and keeps the registration alive; {@link #close()} deregisters and drains the calls in flight;
 * {@link #run()} does both around waiting for SIGTERM or SIGINT. Who and where the service is comes
 * from the {@code ALOFT_*} environment the runtime sets ({@link ServiceSettings}); handlers that
 * call other services or use config, store and events take the {@link ServiceContext}: {@code
 * .handler(aloft -> new Greeter(aloft))}.
 */
public final class Service implements AutoCloseable {

  private static final Logger LOG = System.getLogger(Service.class.getName());
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

  private final String codeName;
  private final Optional<String> codeVersion;
  private final List<Function<ServiceContext, ? extends BindableService>> handlers;
  private final Optional<ServiceSettings> givenSettings;
  private final CountDownLatch closed = new CountDownLatch(1);

  private ServiceSettings settings;
  private String name;
  private String version;
  private ManagedChannel platform;
  private ServiceContext context;
  private Server server;
  private HealthStatusManager health;
  private Registration registration;
  private boolean started;
  private boolean stopped;

  private Service(Builder builder) {
    this.codeName = builder.name;
    this.codeVersion = builder.version;
    this.handlers = List.copyOf(builder.handlers);
    this.givenSettings = builder.settings;
  }

  /** A service registered as NAME (unless {@code ALOFT_SERVICE} says otherwise). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Starts the service and blocks until the process is asked to stop (SIGTERM, SIGINT), then
   * deregisters it and drains its calls. A service that cannot start (bad {@code ALOFT_*} setting,
   * port in use, platform unreachable or refusing its account) prints one line saying why and ends
   * the process with exit code 1.
   */
  public void run() {
    try {
      start();
    } catch (AloftException e) {
      System.err.println(codeName + ": " + e.getMessage());
      close();
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "aloft-shutdown-" + name));
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
    }
  }

  /**
   * Serves and registers the service; returns once it is registered. Fails with an {@link
   * AloftException} saying why it cannot.
   */
  public synchronized Service start() {
    if (started) {
      throw new IllegalStateException("service '" + codeName + "' was started already");
    }
    started = true;
    try {
      return serveAndRegister();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private Service serveAndRegister() {
    settings = givenSettings.orElseGet(ServiceSettings::fromEnvironment);
    name = settings.service().orElse(codeName);
    version = settings.version().or(() -> codeVersion).orElse("latest");
    int colon = settings.server().lastIndexOf(':');
    String host = settings.server().substring(0, colon).replace("[", "").replace("]", "");
    int port = Integer.parseInt(settings.server().substring(colon + 1));
    platform =
        Grpc.newChannelBuilderForAddress(host, port, InsecureChannelCredentials.create()).build();
    ServiceTokens tokens =
        ServiceTokens.fromPlatform(
            platform, settings.namespace(), settings.accountId(), settings.accountSecret());
    context = new ServiceContext(name, version, settings.namespace(), platform, tokens);

    List<ServerServiceDefinition> definitions = new ArrayList<>();
    for (Function<ServiceContext, ? extends BindableService> handler : handlers) {
      definitions.add(handler.apply(context).bindService());
    }
    health = new HealthStatusManager();
    ServerBuilder<?> builder =
        Grpc.newServerBuilderForPort(settings.grpcPort(), InsecureServerCredentials.create());
    definitions.forEach(builder::addService);
    builder.addService(ProtoReflectionServiceV1.newInstance());
    builder.addService(health.getHealthService());
    server = builder.build();
    try {
      server.start();
    } catch (IOException e) {
      String why =
          e instanceof BindException || e.getCause() instanceof BindException
              ? "port " + settings.grpcPort() + " is in use"
              : e.getMessage();
      throw new AloftException(
          Status.Code.UNAVAILABLE, "ALOFT_GRPC_PORT: cannot serve gRPC: " + why);
    }
    for (ServerServiceDefinition definition : definitions) {
      health.setStatus(definition.getServiceDescriptor().getName(), ServingStatus.SERVING);
    }

    String address = settings.advertiseHost() + ":" + server.getPort();
    String prefix = name.length() > 90 ? name.substring(0, 90) : name;
    dev.aloft.api.registry.v1.Service.Builder service =
        dev.aloft.api.registry.v1.Service.newBuilder()
            .setName(name)
            .setVersion(version)
            .addAllEndpoints(EndpointSchemas.of(definitions))
            .addNodes(
                Node.newBuilder()
                    .setId(prefix + "-" + UUID.randomUUID())
                    .setAddress(address)
                    .putMetadata("sdk", "aloft-java"));
    settings.environment().ifPresent(value -> service.putMetadata("environment", value));
    try {
      registration =
          Registration.start(
              RegistryGrpc.newBlockingStub(context.platform()),
              service.build(),
              settings.registrationTtl());
    } catch (AloftException e) {
      if (e.code() == Status.Code.UNAVAILABLE) {
        throw new AloftException(
            e.code(),
            e.getMessage()
                + "; is the Aloft server running at "
                + settings.server()
                + " (ALOFT_SERVER)?",
            e);
      }
      throw e;
    }
    LOG.log(
        Level.INFO,
        "{0} {1} serving gRPC on port {2}, registered in namespace {3} as node {4} ({5})",
        name,
        version,
        "" + server.getPort(),
        settings.namespace(),
        registration.node().getId(),
        address);
    return this;
  }

  /**
   * Deregisters the service, stops taking calls, waits up to 10 seconds for those in flight, and
   * ends its config watches and event consumers. Safe to call more than once.
   */
  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      if (registration != null) {
        registration.close();
      }
      if (health != null) {
        health.enterTerminalState();
      }
      if (server != null) {
        server.shutdown();
        try {
          if (!server.awaitTermination(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            server.shutdownNow();
          }
        } catch (InterruptedException e) {
          server.shutdownNow();
          Thread.currentThread().interrupt();
        }
      }
      if (context != null) {
        context.close();
      }
      if (platform != null) {
        platform.shutdownNow();
      }
    } finally {
      closed.countDown();
    }
  }

  /** What handlers get from the platform; available once started. */
  public ServiceContext context() {
    return requireStarted(context);
  }

  /** The port the service serves gRPC on; available once started. */
  public int port() {
    return requireStarted(server).getPort();
  }

  /** The name the service registered as (the code's, or {@code ALOFT_SERVICE}). */
  public String name() {
    return requireStarted(name);
  }

  /** The registered node (id, address). */
  public Node node() {
    return requireStarted(registration).node();
  }

  private synchronized <T> T requireStarted(T value) {
    if (value == null) {
      throw new IllegalStateException("service '" + codeName + "' is not started");
    }
    return value;
  }

  /** How a service is put together: name, version, handlers, and (for tests) its settings. */
  public static final class Builder {
    private final String name;
    private Optional<String> version = Optional.empty();
    private final List<Function<ServiceContext, ? extends BindableService>> handlers =
        new ArrayList<>();
    private Optional<ServiceSettings> settings = Optional.empty();

    private Builder(String name) {
      ServiceSettings.checkServiceName(name, "service name");
      this.name = name;
    }

    /** The version to register ({@code ALOFT_VERSION} overrides it; default {@code latest}). */
    public Builder version(String version) {
      this.version = Optional.of(version);
      return this;
    }

    /** A gRPC service to serve. */
    public Builder handler(BindableService handler) {
      handlers.add(context -> handler);
      return this;
    }

    /**
     * A gRPC service to serve, made when the service starts from the {@link ServiceContext} it
     * needs: {@code .handler(aloft -> new Greeter(aloft))}.
     */
    public Builder handler(Function<ServiceContext, ? extends BindableService> handler) {
      handlers.add(handler);
      return this;
    }

    /** Settings to use instead of the {@code ALOFT_*} environment. */
    public Builder settings(ServiceSettings settings) {
      this.settings = Optional.of(settings);
      return this;
    }

    public Service build() {
      return new Service(this);
    }
  }
}
