package dev.aloft.server.registry;

import com.google.protobuf.Timestamp;
import dev.aloft.api.registry.v1.Node;
import dev.aloft.api.registry.v1.Result;
import dev.aloft.api.registry.v1.Service;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The embedded registry: registrations in memory (a restarted server starts empty and services
 * register again with their next heartbeat, as with Micro's memory registry). Time comes from a
 * {@link Clock}; nodes whose TTL has passed are removed by {@link #expire()}, which a background
 * sweep calls every second and every operation calls first, so reads never return an expired node.
 * Watch results are reported in order from one dispatch thread, never from the caller's thread.
 */
public final class InMemoryRegistryBackend implements RegistryBackend {

  private static final Logger LOG = Logger.getLogger(InMemoryRegistryBackend.class);

  private final Clock clock;

  /** namespace -> service name -> version -> that version's registrations. */
  private final Map<String, TreeMap<String, TreeMap<String, VersionEntry>>> namespaces =
      new HashMap<>();

  private final List<RunningWatch> watches = new CopyOnWriteArrayList<>();
  private final ExecutorService dispatch;
  private final ScheduledExecutorService sweep;

  public InMemoryRegistryBackend(Clock clock) {
    this.clock = clock;
    this.dispatch = Executors.newSingleThreadExecutor(task -> daemon(task, "aloft-registry-watch"));
    this.sweep =
        Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "aloft-registry-ttl"));
    this.sweep.scheduleWithFixedDelay(this::expireQuietly, 1, 1, TimeUnit.SECONDS);
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void register(String namespace, Service service, Optional<Duration> ttl) {
    Service registration = ServiceDefinitions.forRegister(service);
    Optional<Duration> lifetime = ServiceDefinitions.checkTtl(ttl);
    List<Result> changes = new ArrayList<>();
    synchronized (this) {
      Instant now = clock.instant();
      expireDue(now);
      VersionEntry entry =
          namespaces
              .computeIfAbsent(namespace, ns -> new TreeMap<>())
              .computeIfAbsent(registration.getName(), name -> new TreeMap<>())
              .computeIfAbsent(registration.getVersion(), version -> new VersionEntry());
      Service template = registration.toBuilder().clearNodes().build();
      boolean templateChanged = entry.template != null && !entry.template.equals(template);
      entry.template = template;
      Instant expiresAt = lifetime.map(now::plus).orElse(null);
      Set<String> created = new HashSet<>();
      for (Node node : registration.getNodesList()) {
        NodeEntry previous = entry.nodes.put(node.getId(), new NodeEntry(node, expiresAt));
        if (previous == null) {
          created.add(node.getId());
          changes.add(result(namespace, "create", template, node, now));
        } else if (!templateChanged && !previous.node.equals(node)) {
          changes.add(result(namespace, "update", template, node, now));
        }
      }
      if (templateChanged) {
        for (NodeEntry node : entry.nodes.values()) {
          if (!created.contains(node.node.getId())) {
            changes.add(result(namespace, "update", template, node.node, now));
          }
        }
      }
      report(namespace, changes);
    }
  }

  @Override
  public void deregister(String namespace, Service service) {
    Service deregistration = ServiceDefinitions.forDeregister(service);
    List<Result> changes = new ArrayList<>();
    synchronized (this) {
      Instant now = clock.instant();
      expireDue(now);
      TreeMap<String, TreeMap<String, VersionEntry>> services = namespaces.get(namespace);
      TreeMap<String, VersionEntry> versions =
          services == null ? null : services.get(deregistration.getName());
      VersionEntry entry = versions == null ? null : versions.get(deregistration.getVersion());
      if (entry != null) {
        for (Node node : deregistration.getNodesList()) {
          NodeEntry removed = entry.nodes.remove(node.getId());
          if (removed != null) {
            changes.add(result(namespace, "delete", entry.template, removed.node, now));
          }
        }
        prune(namespace, deregistration.getName(), deregistration.getVersion());
      }
      report(namespace, changes);
    }
  }

  @Override
  public List<Service> getService(String namespace, String name) {
    ServiceDefinitions.checkServiceName(name, "service");
    List<Service> found = new ArrayList<>();
    synchronized (this) {
      expireDue(clock.instant());
      TreeMap<String, TreeMap<String, VersionEntry>> services = namespaces.get(namespace);
      TreeMap<String, VersionEntry> versions = services == null ? null : services.get(name);
      if (versions != null) {
        versions.values().forEach(entry -> found.add(entry.service()));
      }
    }
    if (found.isEmpty()) {
      throw new ServiceNotFoundException(name);
    }
    return found;
  }

  @Override
  public List<Service> listServices(String namespace) {
    List<Service> found = new ArrayList<>();
    synchronized (this) {
      expireDue(clock.instant());
      TreeMap<String, TreeMap<String, VersionEntry>> services = namespaces.get(namespace);
      if (services != null) {
        services
            .values()
            .forEach(versions -> versions.values().forEach(e -> found.add(e.service())));
      }
    }
    return found;
  }

  @Override
  public Watch watch(String namespace, Optional<String> service, Consumer<Result> listener) {
    service.ifPresent(name -> ServiceDefinitions.checkServiceName(name, "service"));
    RunningWatch watch = new RunningWatch(namespace, service, listener);
    synchronized (this) {
      watches.add(watch);
    }
    return watch;
  }

  /** Removes every node whose TTL has passed, reporting a delete for each. */
  public synchronized void expire() {
    expireDue(clock.instant());
  }

  @Override
  public void close() {
    sweep.shutdownNow();
    watches.clear();
    dispatch.shutdown();
    try {
      dispatch.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void expireQuietly() {
    try {
      expire();
    } catch (RuntimeException e) {
      LOG.errorf(e, "registry TTL sweep failed");
    }
  }

  /** Removes expired nodes and reports their deletes; the caller holds the monitor. */
  private void expireDue(Instant now) {
    for (Map.Entry<String, TreeMap<String, TreeMap<String, VersionEntry>>> namespace :
        List.copyOf(namespaces.entrySet())) {
      List<Result> expired = new ArrayList<>();
      for (Map.Entry<String, TreeMap<String, VersionEntry>> service :
          List.copyOf(namespace.getValue().entrySet())) {
        for (Map.Entry<String, VersionEntry> version : List.copyOf(service.getValue().entrySet())) {
          VersionEntry entry = version.getValue();
          entry
              .nodes
              .values()
              .removeIf(
                  node -> {
                    if (node.expiresAt != null && !node.expiresAt.isAfter(now)) {
                      expired.add(
                          result(namespace.getKey(), "delete", entry.template, node.node, now));
                      return true;
                    }
                    return false;
                  });
          prune(namespace.getKey(), service.getKey(), version.getKey());
        }
      }
      report(namespace.getKey(), expired);
    }
  }

  /** Drops a version without nodes, a service without versions, a namespace without services. */
  private void prune(String namespace, String name, String version) {
    TreeMap<String, TreeMap<String, VersionEntry>> services = namespaces.get(namespace);
    TreeMap<String, VersionEntry> versions = services.get(name);
    if (versions.get(version).nodes.isEmpty()) {
      versions.remove(version);
    }
    if (versions.isEmpty()) {
      services.remove(name);
    }
    if (services.isEmpty()) {
      namespaces.remove(namespace);
    }
  }

  /** Queues the results for the namespace's matching watches; the caller holds the monitor. */
  private void report(String namespace, List<Result> changes) {
    if (changes.isEmpty()) {
      return;
    }
    for (RunningWatch watch : watches) {
      if (!watch.namespace.equals(namespace)) {
        continue;
      }
      List<Result> matching =
          changes.stream()
              .filter(
                  change ->
                      watch.service.isEmpty()
                          || watch.service.get().equals(change.getService().getName()))
              .toList();
      if (!matching.isEmpty()) {
        dispatch.execute(() -> watch.deliver(matching));
      }
    }
  }

  private static Result result(
      String namespace, String action, Service template, Node node, Instant at) {
    return Result.newBuilder()
        .setAction(action)
        .setService(template.toBuilder().clearNodes().addNodes(node))
        .setTimestamp(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()))
        .build();
  }

  /** A service version: metadata and endpoints of its latest registration, and its nodes. */
  private static final class VersionEntry {
    Service template;
    final TreeMap<String, NodeEntry> nodes = new TreeMap<>();

    Service service() {
      Service.Builder service = template.toBuilder().clearNodes();
      nodes.values().forEach(node -> service.addNodes(node.node));
      return service.build();
    }
  }

  /** A registered node and when it expires (null: never). */
  private record NodeEntry(Node node, Instant expiresAt) {}

  private final class RunningWatch implements Watch {
    final String namespace;
    final Optional<String> service;
    final Consumer<Result> listener;
    volatile boolean closed;

    RunningWatch(String namespace, Optional<String> service, Consumer<Result> listener) {
      this.namespace = namespace;
      this.service = service;
      this.listener = listener;
    }

    void deliver(List<Result> results) {
      for (Result result : results) {
        if (closed) {
          return;
        }
        try {
          listener.accept(result);
        } catch (RuntimeException e) {
          LOG.debugf("watch in namespace %s ended: %s", namespace, e);
          close();
          return;
        }
      }
    }

    @Override
    public void close() {
      closed = true;
      watches.remove(this);
    }
  }
}
