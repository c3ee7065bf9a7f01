package dev.aloft.server.proxy;

import dev.aloft.api.registry.v1.Node;
import dev.aloft.api.registry.v1.Result;
import dev.aloft.api.registry.v1.Service;
import dev.aloft.server.calls.NonBlocking;
import dev.aloft.server.registry.RegistryBackend;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The nodes of a service in the order to try them: round robin over every live node the registry
 * has for the service (all versions), with nodes that recently failed to answer moved to the end,
 * so a call reaches a node that is down only when no other is left.
 *
 * <p>The registry is asked once per service, not once per call: the nodes found are kept, with a
 * registry watch on the service started before the read, and forgotten at the first change the
 * watch reports (the next call reads again). So a node registered, deregistered or expired is seen
 * as soon as the registry reports it (on etcd: a moment after the write; in memory: deregistering
 * at once, a TTL within the registry's one-second sweep). When a node is removed, the channel to
 * its address is closed ({@link NodeChannels#retire}) unless another known node has that address.
 */
@ApplicationScoped
public class ServiceNodes {

  /** How long a node that failed to connect is tried only after every other node. */
  static final long FAILED_NODE_PENALTY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private record Key(String namespace, String service) {}

  /** The nodes of one service as read, valid until its watch reports a change. */
  private final class Known {
    final Key key;
    volatile List<ServiceNode> nodes;
    volatile RegistryBackend.Watch watch;
    volatile boolean stale;

    Known(Key key) {
      this.key = key;
    }

    void onChange(Result change) {
      stale = true;
      known.remove(key, this);
      close();
      if ("delete".equals(change.getAction())) {
        for (Node node : change.getService().getNodesList()) {
          retireUnlessKnown(node.getAddress());
        }
      }
    }

    void close() {
      RegistryBackend.Watch running = watch;
      if (running != null) {
        running.close();
      }
    }
  }

  private final RegistryBackend registry;
  private final NodeChannels channels;
  private final Map<Key, Known> known = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> nextByService = new ConcurrentHashMap<>();
  private final Map<String, Long> failedUntil = new ConcurrentHashMap<>();

  @Inject
  public ServiceNodes(RegistryBackend registry, NodeChannels channels) {
    this.registry = registry;
    this.channels = channels;
  }

  /**
   * Every live node of the service, starting with the next one in round robin order, nodes that
   * failed recently last.
   *
   * @throws dev.aloft.server.registry.ServiceNotFoundException when the namespace has no node of it
   */
  public List<ServiceNode> inCallOrder(String namespace, String service) {
    List<ServiceNode> all = registered(namespace, service);
    if (all.isEmpty()) {
      return new ArrayList<>();
    }
    int start =
        Math.floorMod(
            nextByService
                .computeIfAbsent(namespace + "/" + service, key -> new AtomicInteger())
                .getAndIncrement(),
            all.size());
    List<ServiceNode> healthy = new ArrayList<>(all.size());
    List<ServiceNode> failed = new ArrayList<>(0);
    long now = System.nanoTime();
    for (int i = 0; i < all.size(); i++) {
      ServiceNode node = all.get((start + i) % all.size());
      Long until = failedUntil.isEmpty() ? null : failedUntil.get(node.address());
      (until != null && until - now > 0 ? failed : healthy).add(node);
    }
    healthy.addAll(failed);
    return healthy;
  }

  /** The service's nodes as the registry has them: kept from an earlier read while unchanged. */
  private List<ServiceNode> registered(String namespace, String service) {
    Key key = new Key(namespace, service);
    Known cached = known.get(key);
    if (cached != null && !cached.stale) {
      return cached.nodes;
    }
    NonBlocking.beforeBlocking();
    Known fresh = new Known(key);
    // watch first, then read: a change between the two makes the read stale, never lost
    fresh.watch = registry.watch(namespace, Optional.of(service), fresh::onChange);
    List<ServiceNode> nodes;
    try {
      nodes = read(namespace, service);
    } catch (RuntimeException e) {
      fresh.close();
      throw e;
    }
    fresh.nodes = nodes;
    Known replaced = known.put(key, fresh);
    if (replaced != null && replaced != fresh) {
      replaced.close();
    }
    if (fresh.stale) {
      known.remove(key, fresh);
    }
    return nodes;
  }

  private List<ServiceNode> read(String namespace, String service) {
    List<ServiceNode> all = new ArrayList<>();
    for (Service version : registry.getService(namespace, service)) {
      for (Node node : version.getNodesList()) {
        all.add(new ServiceNode(service, version.getVersion(), node.getId(), node.getAddress()));
      }
    }
    return List.copyOf(all);
  }

  private void retireUnlessKnown(String address) {
    if (address.isEmpty()) {
      return;
    }
    for (Known other : known.values()) {
      List<ServiceNode> nodes = other.nodes;
      if (nodes != null && nodes.stream().anyMatch(node -> node.address().equals(address))) {
        return;
      }
    }
    failedUntil.remove(address);
    channels.retire(address);
  }

  /** The node could not be reached: try it after the others for a while. */
  public void failed(ServiceNode node) {
    failedUntil.put(node.address(), System.nanoTime() + FAILED_NODE_PENALTY_NANOS);
  }

  /** The node answered. */
  public void answered(ServiceNode node) {
    if (!failedUntil.isEmpty()) {
      failedUntil.remove(node.address());
    }
  }

  @PreDestroy
  void close() {
    known.values().forEach(Known::close);
    known.clear();
  }
}
