package dev.aloft.server.proxy;

import dev.aloft.api.registry.v1.Result;
import dev.aloft.api.registry.v1.Service;
import dev.aloft.server.registry.RegistryBackend;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A real registry, noting the thread of every read of a service (how many, and where). */
final class ObservedRegistry implements RegistryBackend {

  private final RegistryBackend backend;
  private final List<String> readThreads = new CopyOnWriteArrayList<>();

  ObservedRegistry(RegistryBackend backend) {
    this.backend = backend;
  }

  /** The names of the threads that read a service, one per read, in order. */
  List<String> readThreads() {
    return readThreads;
  }

  @Override
  public void register(String namespace, Service service, Optional<Duration> ttl) {
    backend.register(namespace, service, ttl);
  }

  @Override
  public void deregister(String namespace, Service service) {
    backend.deregister(namespace, service);
  }

  @Override
  public List<Service> getService(String namespace, String name) {
    readThreads.add(Thread.currentThread().getName());
    return backend.getService(namespace, name);
  }

  @Override
  public List<Service> listServices(String namespace) {
    return backend.listServices(namespace);
  }

  @Override
  public Watch watch(String namespace, Optional<String> service, Consumer<Result> listener) {
    return backend.watch(namespace, service, listener);
  }

  @Override
  public void close() {
    backend.close();
  }
}
