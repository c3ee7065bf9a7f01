package dev.aloft.server.etcd;

import dev.aloft.server.launch.StartupFailure;
import dev.aloft.server.launch.StartupOrder;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fails start-up fast, before the server says it is ready, when a backend is on etcd and etcd does
 * not answer: the process exits 1 after one line naming etcd, its address and why.
 */
@Singleton
class EtcdStartupCheck {

  @ConfigProperty(name = "aloft.registry.backend", defaultValue = "embedded")
  String registryBackend;

  @ConfigProperty(name = "aloft.config.backend", defaultValue = "embedded")
  String configBackend;

  void onStart(
      @Observes @Priority(StartupOrder.BACKENDS) StartupEvent event,
      Instance<EtcdConnection> etcd) {
    if (!"etcd".equals(registryBackend) && !"etcd".equals(configBackend)) {
      return;
    }
    try {
      etcd.get().checkReachable();
    } catch (EtcdUnreachableException e) {
      throw StartupFailure.stop(e.getMessage(), 1);
    }
  }
}
