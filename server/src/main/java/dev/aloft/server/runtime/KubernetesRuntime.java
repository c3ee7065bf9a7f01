package dev.aloft.server.runtime;

import dev.aloft.api.runtime.v1.CreateOptions;
import dev.aloft.api.runtime.v1.LogRecord;
import dev.aloft.api.runtime.v1.Service;
import dev.aloft.api.runtime.v1.Status;
import dev.aloft.crds.v1alpha1.AloftService;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.grpc.StatusRuntimeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The runtime on Kubernetes: a service is an Aloft {@code Service} resource in the tenant's
 * namespace {@code aloft-<namespace>}, which the operator builds from git (a Job), deploys and
 * reports on. Create makes the resource ({@link ServiceResources}), Read maps resources and their
 * pods back ({@link ServiceStatuses}), Update asks the operator for a new build of the ref's newest
 * commit ({@code spec.source.rebuildNonce}), Delete deletes the resource (the operator's objects go
 * with it). Logs are the pods' logs: the build Job's as source {@code build}, each service pod's
 * under its pod's name; followed, they also carry a {@code status} record for each status change.
 */
public final class KubernetesRuntime implements RuntimeBackend {

  private static final Logger LOG = Logger.getLogger(KubernetesRuntime.class);
  private static final String BUILD_SOURCE = "build";

  /**
   * How the runtime makes its resources.
   *
   * @param environment the {@code spec.environment} of every service it creates
   * @param labels extra labels on every resource it creates (e.g. to give them to one operator)
   * @param pollInterval how often a followed log looks for status changes and new pods
   */
  public record Settings(String environment, Map<String, String> labels, Duration pollInterval) {
    public Settings {
      labels = Map.copyOf(labels);
    }
  }

  private final KubernetesClient client;
  private final Settings settings;
  private final Clock clock;
  private final ExecutorService streams;
  private final ScheduledExecutorService timer;
  private final Set<Follow> follows = ConcurrentHashMap.newKeySet();

  public KubernetesRuntime(KubernetesClient client, Settings settings, Clock clock) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    AtomicInteger threads = new AtomicInteger();
    this.streams =
        Executors.newCachedThreadPool(
            task -> daemon(task, "aloft-runtime-logs-" + threads.incrementAndGet()));
    this.timer =
        Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "aloft-runtime-follow"));
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  // ---- the contract

  @Override
  public Service create(
      String namespace, Service service, CreateOptions options, boolean remoteCaller) {
    AloftService desired =
        ServiceResources.desired(
            namespace,
            service,
            options,
            settings.environment(),
            settings.labels(),
            clock.instant());
    String where = ServiceResources.kubernetesNamespace(namespace);
    try {
      AloftService created =
          client.resources(AloftService.class).inNamespace(where).resource(desired).create();
      return ServiceResources.toService(created, List.of());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new ServiceExistsException(
            "service '"
                + service.getName()
                + "' already exists in namespace '"
                + namespace
                + "'; update it with Update, or delete it first");
      }
      if (e.getCode() == 404) {
        throw io.grpc.Status.FAILED_PRECONDITION
            .withDescription(
                "namespace '"
                    + namespace
                    + "' has no tenant on the cluster (there is no Kubernetes namespace "
                    + where
                    + "); a platform admin creates it: kubectl apply a Namespace of aloft.dev"
                    + " named "
                    + namespace
                    + " (docs/crds.md)")
            .asRuntimeException();
      }
      throw failure("create Service " + service.getName() + " in " + where, e);
    }
  }

  @Override
  public List<Service> read(String namespace, Optional<String> name) {
    String where = ServiceResources.kubernetesNamespace(namespace);
    try {
      List<AloftService> resources;
      if (name.isPresent()) {
        AloftService one = find(namespace, name.get());
        resources = List.of(one);
      } else {
        resources =
            new ArrayList<>(
                client.resources(AloftService.class).inNamespace(where).list().getItems());
        resources.sort(Comparator.comparing(r -> r.getMetadata().getName()));
      }
      if (resources.isEmpty()) {
        return List.of();
      }
      Map<String, List<Pod>> pods =
          client
              .pods()
              .inNamespace(where)
              .withLabel(AloftService.SERVICE_LABEL)
              .list()
              .getItems()
              .stream()
              .collect(
                  Collectors.groupingBy(
                      pod -> pod.getMetadata().getLabels().get(AloftService.SERVICE_LABEL)));
      return resources.stream()
          .map(
              resource ->
                  ServiceResources.toService(
                      resource, pods.getOrDefault(resource.getMetadata().getName(), List.of())))
          .toList();
    } catch (KubernetesClientException e) {
      throw failure("read Services in " + where, e);
    }
  }

  @Override
  public Service update(String namespace, String name, boolean remoteCaller) {
    String where = ServiceResources.kubernetesNamespace(namespace);
    AloftService current = find(namespace, name);
    Instant now = clock.instant();
    ServiceResources.rebuilt(current, now); // refuses a service that is not built from source
    try {
      AloftService updated =
          client
              .resources(AloftService.class)
              .inNamespace(where)
              .withName(name)
              .edit(resource -> ServiceResources.rebuilt(resource, now));
      return ServiceResources.toService(updated, List.of());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        throw unknown(namespace, name);
      }
      throw failure("update Service " + name + " in " + where, e);
    }
  }

  @Override
  public void delete(String namespace, String name) {
    String where = ServiceResources.kubernetesNamespace(namespace);
    try {
      var deleted = client.resources(AloftService.class).inNamespace(where).withName(name).delete();
      if (deleted.isEmpty()) {
        throw unknown(namespace, name);
      }
    } catch (KubernetesClientException e) {
      throw failure("delete Service " + name + " in " + where, e);
    }
  }

  @Override
  public LogFollow logs(
      String namespace,
      String name,
      long count,
      Optional<Instant> since,
      boolean follow,
      Consumer<LogRecord> listener,
      Runnable end) {
    AloftService resource = find(namespace, name);
    String where = resource.getMetadata().getNamespace();
    if (!follow) {
      try {
        List<LogRecord> records = new ArrayList<>();
        for (Pod pod : pods(where, name)) {
          if (started(pod)) {
            records.addAll(PodLogLines.records(source(pod), podLog(pod, count, since)));
          }
        }
        for (LogRecord record : PodLogLines.newest(PodLogLines.ordered(records, since), count)) {
          listener.accept(record);
        }
      } catch (KubernetesClientException e) {
        throw failure("read the logs of service " + name + " in " + where, e);
      }
      end.run();
      return () -> {};
    }
    Follow following = new Follow(where, name, count, since, listener, end);
    follows.add(following);
    following.poll();
    following.schedule();
    return following::close;
  }

  @Override
  public void close() {
    for (Follow follow : follows) {
      follow.close();
    }
    timer.shutdownNow();
    streams.shutdownNow();
  }

  // ---- the API server

  private AloftService find(String namespace, String name) {
    ServiceRequests.checkName("service", name);
    String where = ServiceResources.kubernetesNamespace(namespace);
    AloftService resource;
    try {
      resource = client.resources(AloftService.class).inNamespace(where).withName(name).get();
    } catch (KubernetesClientException e) {
      throw failure("read Service " + name + " in " + where, e);
    }
    if (resource == null) {
      throw unknown(namespace, name);
    }
    return resource;
  }

  private static UnknownServiceException unknown(String namespace, String name) {
    return new UnknownServiceException(namespace, name);
  }

  /** The build Job's pods and the service's pods, oldest first. */
  private List<Pod> pods(String where, String name) {
    List<Pod> pods = new ArrayList<>();
    pods.addAll(
        client
            .pods()
            .inNamespace(where)
            .withLabel(AloftService.BUILD_OF_LABEL, name)
            .list()
            .getItems());
    pods.addAll(
        client
            .pods()
            .inNamespace(where)
            .withLabel(AloftService.SERVICE_LABEL, name)
            .list()
            .getItems());
    pods.sort(Comparator.comparing(pod -> pod.getMetadata().getCreationTimestamp()));
    return pods;
  }

  private static String source(Pod pod) {
    var labels = pod.getMetadata().getLabels();
    return labels != null && labels.containsKey(AloftService.BUILD_OF_LABEL)
        ? BUILD_SOURCE
        : pod.getMetadata().getName();
  }

  /** Whether the pod's container has started (so it has a log), and how often it restarted. */
  private static boolean started(Pod pod) {
    return container(pod)
        .map(
            c ->
                c.getState() != null
                    && (c.getState().getRunning() != null || c.getState().getTerminated() != null))
        .orElse(false);
  }

  private static Optional<ContainerStatus> container(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream().findFirst();
  }

  private static String containerName(Pod pod) {
    return pod.getSpec().getContainers().get(0).getName();
  }

  private String podLog(Pod pod, long count, Optional<Instant> since) {
    var container =
        client
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName())
            .inContainer(containerName(pod));
    if (since.isPresent() && count > 0) {
      return container
          .usingTimestamps()
          .sinceTime(since.get().toString())
          .tailingLines((int) Math.min(count, Integer.MAX_VALUE))
          .getLog();
    }
    if (since.isPresent()) {
      return container.usingTimestamps().sinceTime(since.get().toString()).getLog();
    }
    if (count > 0) {
      return container
          .usingTimestamps()
          .tailingLines((int) Math.min(count, Integer.MAX_VALUE))
          .getLog();
    }
    return container.usingTimestamps().getLog();
  }

  /**
   * A failure of the API server as the caller should see it: unreachable is UNAVAILABLE, a refusal
   * of the server's own account PERMISSION_DENIED, both naming what the server tried; anything else
   * is logged and INTERNAL.
   */
  private StatusRuntimeException failure(String what, KubernetesClientException e) {
    String master = String.valueOf(client.getMasterUrl());
    if (e.getCode() == 0 || e.getCause() instanceof IOException) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return io.grpc.Status.UNAVAILABLE
          .withDescription(
              "the Kubernetes API server at "
                  + master
                  + " is unreachable ("
                  + cause.getClass().getSimpleName()
                  + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
                  + "); the runtime cannot "
                  + what
                  + "; try again later")
          .asRuntimeException();
    }
    if (e.getCode() == 401 || e.getCode() == 403) {
      return io.grpc.Status.PERMISSION_DENIED
          .withDescription(
              "the Kubernetes API server at "
                  + master
                  + " does not let the platform server "
                  + what
                  + " ("
                  + reason(e)
                  + "); its service account needs the rights listed in docs/runtime.md")
          .asRuntimeException();
    }
    if (e.getCode() == 422 || e.getCode() == 400) {
      return io.grpc.Status.INVALID_ARGUMENT
          .withDescription("the Kubernetes API server refused to " + what + ": " + reason(e))
          .asRuntimeException();
    }
    LOG.errorf(e, "runtime: cannot %s", what);
    return io.grpc.Status.INTERNAL
        .withDescription(
            "the runtime cannot "
                + what
                + ": the API server answered "
                + e.getCode()
                + "; see the server log")
        .asRuntimeException();
  }

  private static String reason(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : String.valueOf(e.getMessage());
  }

  // ---- following

  /**
   * One followed log: every poll reads the resource (a status record when its status changed; the
   * end once it is deleted) and the pods (a log stream for each container that started).
   */
  private final class Follow {
    private final String where;
    private final String name;
    private final long count;
    private final Optional<Instant> since;
    private final Consumer<LogRecord> listener;
    private final Runnable end;
    private final Map<String, LogWatch> watches = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastLine = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile ScheduledFuture<?> polling;
    private String lastStatus;

    Follow(
        String where,
        String name,
        long count,
        Optional<Instant> since,
        Consumer<LogRecord> listener,
        Runnable end) {
      this.where = where;
      this.name = name;
      this.count = count;
      this.since = since;
      this.listener = listener;
      this.end = end;
    }

    void schedule() {
      long millis = settings.pollInterval().toMillis();
      polling = timer.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
    }

    synchronized void poll() {
      if (closed) {
        return;
      }
      try {
        AloftService resource =
            client.resources(AloftService.class).inNamespace(where).withName(name).get();
        if (resource == null) {
          close();
          end.run();
          return;
        }
        Status status = ServiceStatuses.status(resource);
        String message = ServiceStatuses.message(status, ServiceStatuses.error(resource));
        if (!message.equals(lastStatus)) {
          lastStatus = message;
          listener.accept(PodLogLines.status(clock.instant(), status, message));
        }
        for (Pod pod : pods(where, name)) {
          String key =
              pod.getMetadata().getName()
                  + "#"
                  + container(pod).map(ContainerStatus::getRestartCount).orElse(0);
          if (!watches.containsKey(key) && started(pod) && !closed) {
            watch(key, pod);
          }
        }
      } catch (KubernetesClientException e) {
        LOG.debugf(e, "runtime: following %s/%s", where, name);
      } catch (RuntimeException e) {
        LOG.warnf(e, "runtime: following %s/%s", where, name);
      }
    }

    private void watch(String key, Pod pod) {
      String podName = pod.getMetadata().getName();
      Optional<Instant> from = Optional.ofNullable(lastLine.get(podName)).or(() -> since);
      var container =
          client.pods().inNamespace(where).withName(podName).inContainer(containerName(pod));
      LogWatch watch;
      if (from.isPresent()) {
        watch = container.usingTimestamps().sinceTime(from.get().toString()).watchLog();
      } else if (count > 0) {
        watch = container.usingTimestamps().tailingLines((int) Math.min(count, 100_000)).watchLog();
      } else {
        watch = container.usingTimestamps().watchLog();
      }
      watches.put(key, watch);
      String source = source(pod);
      Optional<Instant> after = Optional.ofNullable(lastLine.get(podName));
      streams.execute(
          () -> {
            try (BufferedReader lines =
                new BufferedReader(
                    new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
              String line;
              while (!closed && (line = lines.readLine()) != null) {
                LogRecord record = PodLogLines.record(source, line);
                Instant time =
                    Instant.ofEpochSecond(
                        record.getTimestamp().getSeconds(), record.getTimestamp().getNanos());
                if (after.isPresent() && !time.isAfter(after.get())) {
                  continue; // already handed on from the container's previous stream
                }
                if (since.isPresent() && time.isBefore(since.get())) {
                  continue;
                }
                lastLine.put(podName, time);
                if (!closed) {
                  listener.accept(record);
                }
              }
            } catch (IOException | RuntimeException e) {
              LOG.debugf(e, "runtime: log of pod %s/%s ended", where, podName);
            } finally {
              watch.close();
            }
          });
    }

    void close() {
      closed = true;
      follows.remove(this);
      ScheduledFuture<?> scheduled = polling;
      if (scheduled != null) {
        scheduled.cancel(false);
      }
      for (LogWatch watch : watches.values()) {
        try {
          watch.close();
        } catch (RuntimeException e) {
          LOG.debug("runtime: closing a log watch", e);
        }
      }
    }
  }
}
