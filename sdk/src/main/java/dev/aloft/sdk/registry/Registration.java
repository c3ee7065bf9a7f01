package dev.aloft.sdk.registry;

import com.google.protobuf.Duration;
import dev.aloft.api.registry.v1.DeregisterRequest;
import dev.aloft.api.registry.v1.Node;
import dev.aloft.api.registry.v1.Options;
import dev.aloft.api.registry.v1.RegisterRequest;
import dev.aloft.api.registry.v1.RegistryGrpc;
import dev.aloft.api.registry.v1.Service;
import dev.aloft.sdk.AloftException;
import io.grpc.StatusRuntimeException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One node of a service in the registry: registered with a TTL, registered again every third of the
 * TTL (the heartbeat that keeps it alive, and brings it back after a registry restart), and
 * deregistered on close. A failed heartbeat is logged and retried at the next one.
 */
public final class Registration implements AutoCloseable {

  private static final Logger LOG = System.getLogger(Registration.class.getName());

  private final RegistryGrpc.RegistryBlockingStub registry;
  private final Service service;
  private final java.time.Duration ttl;
  private final ScheduledExecutorService heartbeats;
  private boolean failing;

  private Registration(
      RegistryGrpc.RegistryBlockingStub registry, Service service, java.time.Duration ttl) {
    this.registry = registry;
    this.service = service;
    this.ttl = ttl;
    this.heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "aloft-registry-heartbeat-" + service.getName());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Registers SERVICE (one node) and keeps it registered until closed; fails with the registry's
   * answer when the first registration is refused.
   */
  public static Registration start(
      RegistryGrpc.RegistryBlockingStub registry, Service service, java.time.Duration ttl) {
    Registration registration = new Registration(registry, service, ttl);
    try {
      registration.register();
    } catch (StatusRuntimeException e) {
      registration.heartbeats.shutdownNow();
      throw AloftException.of(
          "registering service '" + service.getName() + "' " + service.getVersion(), e);
    }
    long period = Math.max(1, ttl.toMillis() / 3);
    registration.heartbeats.scheduleWithFixedDelay(
        registration::heartbeat, period, period, TimeUnit.MILLISECONDS);
    return registration;
  }

  /** The registered node. */
  public Node node() {
    return service.getNodes(0);
  }

  private void register() {
    registry
        .withDeadlineAfter(Math.max(5, ttl.toSeconds()), TimeUnit.SECONDS)
        .register(
            RegisterRequest.newBuilder()
                .setService(service)
                .setOptions(
                    Options.newBuilder().setTtl(Duration.newBuilder().setSeconds(ttl.toSeconds())))
                .build());
  }

  private void heartbeat() {
    try {
      register();
      if (failing) {
        failing = false;
        LOG.log(Level.INFO, "registered {0} again", service.getName());
      }
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        LOG.log(
            Level.WARNING,
            "heartbeat of {0} failed, retrying every {1} s: {2}",
            service.getName(),
            Math.max(1, ttl.toSeconds() / 3),
            e.getMessage());
      }
    }
  }

  /** Stops the heartbeat and removes the node from the registry. */
  @Override
  public void close() {
    // shutdown, not shutdownNow: a heartbeat in flight finishes first; interrupted, its Register
    // could still reach the server after the Deregister below and bring the node back
    heartbeats.shutdown();
    try {
      heartbeats.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      registry
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .deregister(
              DeregisterRequest.newBuilder()
                  .setService(
                      Service.newBuilder()
                          .setName(service.getName())
                          .setVersion(service.getVersion())
                          .addNodes(Node.newBuilder().setId(node().getId())))
                  .build());
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "could not deregister {0} node {1} (it expires with its TTL): {2}",
          service.getName(),
          node().getId(),
          e.getMessage());
    }
  }
}
