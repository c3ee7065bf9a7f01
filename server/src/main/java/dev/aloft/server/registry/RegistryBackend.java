package dev.aloft.server.registry;

import dev.aloft.api.registry.v1.Result;
import dev.aloft.api.registry.v1.Service;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where registrations live: one implementation per backend (in memory, etcd), all held to the same
 * behaviour by {@code RegistryContractTest}. Every method takes the namespace the call acts in; a
 * backend keeps namespaces fully apart and checks its input with {@link ServiceDefinitions}.
 *
 * <p>A registration is per node: a service version (name, version, metadata, endpoints) and one
 * node of it, alive until deregistered or, with a TTL, until the TTL passes without the node being
 * registered again. The version's metadata and endpoints are those of its latest registration.
 */
public interface RegistryBackend extends AutoCloseable {

  /**
   * Registers (or refreshes) every node of {@code service}.
   *
   * @param ttl how long each node lives without another registration; empty: until deregistered
   * @throws InvalidRegistrationException naming the bad field
   */
  void register(String namespace, Service service, Optional<Duration> ttl);

  /**
   * Removes the nodes of {@code service} (matched by id) from its version; unknown nodes are
   * ignored.
   *
   * @throws InvalidRegistrationException naming the bad field
   */
  void deregister(String namespace, Service service);

  /**
   * Every version of the service with its live nodes, ordered by version.
   *
   * @throws ServiceNotFoundException when none is registered
   */
  List<Service> getService(String namespace, String name);

  /** Every service version with its live nodes, ordered by name and version. */
  List<Service> listServices(String namespace);

  /**
   * Reports every later change in the namespace (of {@code service} only, when given) to {@code
   * listener}, in order, one {@link Result} per node, until the watch is closed. A registration
   * that changes nothing (a heartbeat) reports nothing.
   */
  Watch watch(String namespace, Optional<String> service, Consumer<Result> listener);

  /** Ends all watches and background work. */
  @Override
  void close();

  /** A running watch. */
  interface Watch extends AutoCloseable {
    /** Stops reporting to this watch's listener; idempotent. */
    @Override
    void close();
  }
}
