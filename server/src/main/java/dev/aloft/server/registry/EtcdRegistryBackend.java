package dev.aloft.server.registry;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.aloft.api.registry.v1.Node;
import dev.aloft.api.registry.v1.Result;
import dev.aloft.api.registry.v1.Service;
import dev.aloft.server.etcd.EtcdConnection;
import dev.aloft.server.etcd.EtcdWatch;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.grpc.Status;
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
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The registry on etcd. One key per node, {@code <prefix>/registry/<namespace>/<service>/<version>/
 * <node id>}, holding the serialized {@link Service} of that version with just that node. A node
 * with a TTL is attached to an etcd lease of that TTL: a registration that changes nothing renews
 * the lease (keep-alive), anything else writes the keys with a new lease; when no heartbeat renews
 * it, etcd deletes the key itself. Watches are etcd watches on the namespace's (or service's)
 * prefix with previous values, so create, update and delete are told apart from the key's history
 * and a write that changed nothing reports nothing.
 *
 * <p>A registration that changes a version's metadata or endpoints rewrites every node key of the
 * version (keeping each node's lease) in one transaction guarded by the mod revisions it read, so
 * concurrent registrations from several servers retry instead of losing each other's writes.
 */
public final class EtcdRegistryBackend implements RegistryBackend {

  private static final Logger LOG = Logger.getLogger(EtcdRegistryBackend.class);
  private static final int MAX_ATTEMPTS = 20;

  private final EtcdConnection etcd;
  private final Clock clock;
  private final List<RunningWatch> watches = new CopyOnWriteArrayList<>();

  public EtcdRegistryBackend(EtcdConnection etcd, Clock clock) {
    this.etcd = etcd;
    this.clock = clock;
  }

  // ---- keys

  private String namespacePrefix(String namespace) {
    return "registry/" + namespace + "/";
  }

  private String servicePrefix(String namespace, String name) {
    return namespacePrefix(namespace) + name + "/";
  }

  private String versionPrefix(String namespace, String name, String version) {
    return servicePrefix(namespace, name) + version + "/";
  }

  private static GetOption prefixed() {
    return GetOption.builder().isPrefix(true).build();
  }

  // ---- writes

  @Override
  public void register(String namespace, Service service, Optional<Duration> ttl) {
    Service registration = ServiceDefinitions.forRegister(service);
    Optional<Duration> lifetime = ServiceDefinitions.checkTtl(ttl);
    Service template = registration.toBuilder().clearNodes().build();
    String versionPrefix =
        versionPrefix(namespace, registration.getName(), registration.getVersion());
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      GetResponse existing =
          etcd.await("registry register", () -> etcd.kv().get(etcd.key(versionPrefix), prefixed()));
      Map<String, KeyValue> byId = new HashMap<>();
      Map<String, Service> recordById = new HashMap<>();
      for (KeyValue kv : existing.getKvs()) {
        Service record = parse(kv);
        byId.put(record.getNodes(0).getId(), kv);
        recordById.put(record.getNodes(0).getId(), record);
      }
      boolean templateChanged =
          recordById.values().stream()
              .anyMatch(record -> !record.toBuilder().clearNodes().build().equals(template));
      if (!templateChanged && renewed(registration, lifetime, byId, recordById)) {
        return;
      }
      if (write(
          registration, template, lifetime, versionPrefix, byId, recordById, templateChanged)) {
        return;
      }
    }
    throw Status.ABORTED
        .withDescription(
            "registry register of "
                + registration.getName()
                + " kept conflicting with concurrent registrations; try again")
        .asRuntimeException();
  }

  /**
   * A heartbeat: every node is registered exactly so already, each with a lease of the same TTL (or
   * none, as asked). Renews their leases; true when nothing more is to be done.
   */
  private boolean renewed(
      Service registration,
      Optional<Duration> lifetime,
      Map<String, KeyValue> byId,
      Map<String, Service> recordById) {
    List<Long> leases = new ArrayList<>();
    for (Node node : registration.getNodesList()) {
      Service record = recordById.get(node.getId());
      if (record == null || !record.getNodes(0).equals(node)) {
        return false;
      }
      long lease = byId.get(node.getId()).getLease();
      if ((lease == 0) != lifetime.isEmpty()) {
        return false;
      }
      leases.add(lease);
    }
    if (lifetime.isEmpty()) {
      return true;
    }
    for (long lease : leases) {
      long granted =
          etcd.await("registry register", () -> etcd.lease().timeToLive(lease, LeaseOption.DEFAULT))
              .getGrantedTTL();
      if (granted != lifetime.get().getSeconds()) {
        return false;
      }
    }
    for (long lease : leases) {
      LeaseKeepAliveResponse renewed;
      try {
        renewed = etcd.await("registry register", () -> etcd.lease().keepAliveOnce(lease));
      } catch (EtcdException e) {
        if (e.getErrorCode() == ErrorCode.NOT_FOUND) {
          return false; // the lease ran out meanwhile: register afresh
        }
        throw e;
      }
      if (renewed.getTTL() <= 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes the registration in one guarded transaction, each node with a lease of its own when it
   * has a TTL; false when something changed meanwhile.
   */
  private boolean write(
      Service registration,
      Service template,
      Optional<Duration> lifetime,
      String versionPrefix,
      Map<String, KeyValue> byId,
      Map<String, Service> recordById,
      boolean templateChanged) {
    List<Long> granted = new ArrayList<>();
    List<Cmp> guards = new ArrayList<>();
    List<Op> puts = new ArrayList<>();
    Set<String> registered = new HashSet<>();
    for (Node node : registration.getNodesList()) {
      long lease =
          lifetime.isEmpty()
              ? 0
              : etcd.await(
                      "registry register", () -> etcd.lease().grant(lifetime.get().getSeconds()))
                  .getID();
      if (lease != 0) {
        granted.add(lease);
      }
      ByteSequence key = etcd.key(versionPrefix + node.getId());
      KeyValue current = byId.get(node.getId());
      guards.add(
          current == null
              ? new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0))
              : new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(current.getModRevision())));
      puts.add(Op.put(key, record(template, node), leaseOption(lease)));
      registered.add(node.getId());
    }
    if (templateChanged) {
      for (Map.Entry<String, KeyValue> other : new TreeMap<>(byId).entrySet()) {
        if (registered.contains(other.getKey())) {
          continue;
        }
        KeyValue current = other.getValue();
        guards.add(
            new Cmp(
                current.getKey(), Cmp.Op.EQUAL, CmpTarget.modRevision(current.getModRevision())));
        Node node = recordById.get(other.getKey()).getNodes(0);
        puts.add(Op.put(current.getKey(), record(template, node), leaseOption(current.getLease())));
      }
    }
    TxnResponse response;
    try {
      response =
          etcd.await(
              "registry register",
              () ->
                  etcd.kv()
                      .txn()
                      .If(guards.toArray(Cmp[]::new))
                      .Then(puts.toArray(Op[]::new))
                      .commit());
    } catch (EtcdException e) {
      granted.forEach(this::revokeQuietly);
      if (e.getErrorCode() == ErrorCode.NOT_FOUND) {
        return false; // a lease of another node ran out meanwhile: read again
      }
      throw e;
    }
    if (!response.isSucceeded()) {
      granted.forEach(this::revokeQuietly);
    }
    return response.isSucceeded();
  }

  private static PutOption leaseOption(long lease) {
    return lease == 0 ? PutOption.DEFAULT : PutOption.builder().withLeaseId(lease).build();
  }

  private void revokeQuietly(long lease) {
    if (lease == 0) {
      return;
    }
    try {
      etcd.lease().revoke(lease);
    } catch (RuntimeException e) {
      LOG.debugf("could not revoke unused lease %d: %s", lease, e.getMessage());
    }
  }

  @Override
  public void deregister(String namespace, Service service) {
    Service deregistration = ServiceDefinitions.forDeregister(service);
    String versionPrefix =
        versionPrefix(namespace, deregistration.getName(), deregistration.getVersion());
    Op[] deletes =
        deregistration.getNodesList().stream()
            .map(node -> Op.delete(etcd.key(versionPrefix + node.getId()), DeleteOption.DEFAULT))
            .toArray(Op[]::new);
    etcd.await("registry deregister", () -> etcd.kv().txn().Then(deletes).commit());
  }

  // ---- reads

  @Override
  public List<Service> getService(String namespace, String name) {
    ServiceDefinitions.checkServiceName(name, "service");
    List<Service> found = read(servicePrefix(namespace, name), "registry get service");
    if (found.isEmpty()) {
      throw new ServiceNotFoundException(name);
    }
    return found;
  }

  @Override
  public List<Service> listServices(String namespace) {
    return read(namespacePrefix(namespace), "registry list services");
  }

  /** The service versions under a prefix, ordered by name and version, nodes by id. */
  private List<Service> read(String prefix, String operation) {
    GetResponse response = etcd.await(operation, () -> etcd.kv().get(etcd.key(prefix), prefixed()));
    TreeMap<String, TreeMap<String, TreeMap<String, Service>>> services = new TreeMap<>();
    for (KeyValue kv : response.getKvs()) {
      Service record = parse(kv);
      services
          .computeIfAbsent(record.getName(), name -> new TreeMap<>())
          .computeIfAbsent(record.getVersion(), version -> new TreeMap<>())
          .put(record.getNodes(0).getId(), record);
    }
    List<Service> found = new ArrayList<>();
    services.values().stream()
        .flatMap(versions -> versions.values().stream())
        .forEach(
            nodes -> {
              Service.Builder version = nodes.firstEntry().getValue().toBuilder().clearNodes();
              nodes.values().forEach(record -> version.addNodes(record.getNodes(0)));
              found.add(version.build());
            });
    return found;
  }

  // ---- watch

  @Override
  public Watch watch(String namespace, Optional<String> service, Consumer<Result> listener) {
    service.ifPresent(name -> ServiceDefinitions.checkServiceName(name, "service"));
    String prefix =
        service.map(name -> servicePrefix(namespace, name)).orElse(namespacePrefix(namespace));
    long from = etcd.currentRevision() + 1;
    RunningWatch watch = new RunningWatch(namespace, listener);
    watch.etcdWatch = etcd.watchPrefix(etcd.key(prefix), from, watch::onEvents);
    watches.add(watch);
    return watch;
  }

  @Override
  public void close() {
    watches.forEach(RunningWatch::close);
  }

  private final class RunningWatch implements Watch {
    final String namespace;
    final Consumer<Result> listener;
    volatile EtcdWatch etcdWatch;
    volatile boolean closed;

    RunningWatch(String namespace, Consumer<Result> listener) {
      this.namespace = namespace;
      this.listener = listener;
    }

    void onEvents(List<WatchEvent> events) {
      Instant now = clock.instant();
      for (WatchEvent event : events) {
        if (closed) {
          return;
        }
        Optional<Result> result = toResult(event, now);
        if (result.isEmpty()) {
          continue;
        }
        try {
          listener.accept(result.get());
        } catch (RuntimeException e) {
          LOG.debugf("registry watch in namespace %s ended: %s", namespace, e);
          close();
          return;
        }
      }
    }

    @Override
    public void close() {
      closed = true;
      watches.remove(this);
      EtcdWatch running = etcdWatch;
      if (running != null) {
        running.close();
      }
    }
  }

  /** What a change of a node key means to a watcher; empty for a write that changed nothing. */
  private Optional<Result> toResult(WatchEvent event, Instant now) {
    KeyValue previous = event.getPrevKV();
    boolean hadPrevious = previous != null && !previous.getKey().isEmpty();
    String action;
    Service record;
    if (event.getEventType() == WatchEvent.EventType.PUT) {
      record = parse(event.getKeyValue());
      if (event.getKeyValue().getVersion() == 1 || !hadPrevious) {
        action = "create";
      } else if (previous.getValue().equals(event.getKeyValue().getValue())) {
        return Optional.empty();
      } else {
        action = "update";
      }
    } else if (event.getEventType() == WatchEvent.EventType.DELETE) {
      action = "delete";
      record = hadPrevious ? parse(previous) : fromKey(event.getKeyValue().getKey());
    } else {
      return Optional.empty();
    }
    return Optional.of(
        Result.newBuilder()
            .setAction(action)
            .setService(record)
            .setTimestamp(
                Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
            .build());
  }

  /** A deleted node whose value etcd no longer has: what its key says. */
  private Service fromKey(ByteSequence key) {
    String[] parts = etcd.relative(key).split("/");
    // registry/<namespace>/<service>/<version>/<node>
    return Service.newBuilder()
        .setName(parts[2])
        .setVersion(parts[3])
        .addNodes(Node.newBuilder().setId(parts[4]))
        .build();
  }

  // ---- values

  private static ByteSequence record(Service template, Node node) {
    return ByteSequence.from(
        template.toBuilder().clearNodes().addNodes(node).build().toByteArray());
  }

  private static Service parse(KeyValue kv) {
    try {
      return Service.parseFrom(ByteString.copyFrom(kv.getValue().getBytes()));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(
          "the registry key " + kv.getKey() + " in etcd does not hold a registration", e);
    }
  }
}
