package dev.aloft.server.runtime;

import com.google.protobuf.Timestamp;
import dev.aloft.api.runtime.v1.CreateOptions;
import dev.aloft.api.runtime.v1.LogRecord;
import dev.aloft.api.runtime.v1.Service;
import dev.aloft.api.runtime.v1.Status;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Runs services as child processes of the server. Per service, under {@code
 * <root>/<namespace>/<name>/}: {@code service.json} (its {@link ServiceDefinition}), {@code
 * service.log} (its {@link ServiceLog}: build output, status changes, instance output) and {@code
 * builds/} (the work folders of its builds).
 *
 * <p>Create and Update build in the background with {@link SourceBuilds}: PENDING, BUILDING, then
 * STARTING once the processes run (one per instance, each with the service environment contract and
 * its own gRPC port), RUNNING once every instance accepts connections on its port (an instance that
 * runs but does not within {@code startTimeout} is stopped, and so restarted as after a crash);
 * ERROR with the reason (a failed build: its message and the tail of its output). An instance that
 * exits by itself is started again after a backoff that doubles with each crash in a row (from
 * {@code backoffBase} to {@code backoffMax}; a run longer than {@code stableAfter} resets it).
 *
 * <p>When the server stops ({@link #close}), the processes are stopped; {@link #resume} at the next
 * start runs every recorded service again from its recorded build (building again only when there
 * is none).
 */
public final class LocalRuntime implements RuntimeBackend {

  private static final Logger LOG = Logger.getLogger(LocalRuntime.class);
  private static final int ERROR_TAIL_LINES = 30;
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final String PIDS = "instances.pid";

  /**
   * Where and how the local runtime runs services.
   *
   * @param root folder of the services' definitions, logs and builds
   * @param platformAddress {@code host:port} of the server's gRPC port (ALOFT_SERVER)
   * @param advertiseHost the host services are reached at (ALOFT_ADVERTISE_HOST)
   * @param environment ALOFT_ENVIRONMENT of every service, empty for none
   * @param startTimeout how long a started instance has to accept connections on its port
   * @param logMaxBytes size at which a service's log is rotated (see {@link ServiceLog})
   */
  public record Settings(
      Path root,
      String platformAddress,
      String advertiseHost,
      Optional<String> environment,
      Duration backoffBase,
      Duration backoffMax,
      Duration stableAfter,
      Duration startTimeout,
      long logMaxBytes) {
    public Settings {
      root = root.toAbsolutePath().normalize();
    }
  }

  private record Key(String namespace, String name) {}

  private final Settings settings;
  private final SourceBuilds builds;
  private final ServiceAccounts accounts;
  private final Clock clock;
  private final Map<Key, Managed> services = new ConcurrentHashMap<>();
  private final Set<Follow> follows = ConcurrentHashMap.newKeySet();
  private final ExecutorService work;
  private final ScheduledExecutorService timer;

  public LocalRuntime(
      Settings settings, SourceBuilds builds, ServiceAccounts accounts, Clock clock) {
    this.settings = settings;
    this.builds = builds;
    this.accounts = accounts;
    this.clock = clock;
    AtomicInteger threads = new AtomicInteger();
    this.work =
        Executors.newCachedThreadPool(
            task -> daemon(task, "aloft-runtime-" + threads.incrementAndGet()));
    this.timer =
        Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "aloft-runtime-timer"));
    timer.scheduleWithFixedDelay(this::tick, 200, 200, TimeUnit.MILLISECONDS);
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
    ServiceRequests.check(service, options);
    ServiceRequests.checkSource(service.getSource(), remoteCaller);
    Key key = new Key(namespace, service.getName());
    Managed managed;
    synchronized (services) {
      Managed existing = services.get(key);
      if (existing != null && existing.deleted) {
        throw new ServiceExistsException(
            "service '"
                + service.getName()
                + "' is being killed in namespace '"
                + namespace
                + "'; run it again in a moment");
      }
      if (existing != null) {
        throw new ServiceExistsException(
            "service '"
                + service.getName()
                + "' already runs in namespace '"
                + namespace
                + "'; update it with Update, or delete it first");
      }
      accounts.checkAvailable(namespace, service.getName());
      Path dir = serviceDir(key);
      deleteTree(dir);
      String now = clock.instant().toString();
      ServiceDefinition definition =
          new ServiceDefinition(
              namespace,
              service.getName(),
              service.getVersion().isEmpty() ? "latest" : service.getVersion(),
              service.getSource(),
              service.getMetadataMap(),
              options.getEnvVarsMap(),
              Math.max(1, options.getInstances()),
              remoteCaller,
              now,
              now,
              null);
      definition.save(dir.resolve("service.json"));
      managed = new Managed(definition, dir);
      services.put(key, managed);
    }
    synchronized (managed) {
      managed.setStatus(Status.PENDING, "");
      managed.deploy();
      return managed.toService();
    }
  }

  @Override
  public List<Service> read(String namespace, Optional<String> name) {
    if (name.isPresent()) {
      Managed managed = find(namespace, name.get());
      synchronized (managed) {
        return List.of(managed.toService());
      }
    }
    List<Service> result = new ArrayList<>();
    for (Managed managed : services.values()) {
      if (managed.definition.namespace().equals(namespace) && !managed.deleted) {
        synchronized (managed) {
          result.add(managed.toService());
        }
      }
    }
    result.sort(Comparator.comparing(Service::getName));
    return result;
  }

  @Override
  public Service update(String namespace, String name, boolean remoteCaller) {
    Managed managed = find(namespace, name);
    synchronized (managed) {
      ServiceRequests.checkSource(
          managed.definition.source(), remoteCaller || managed.definition.remoteCaller());
      managed.definition = managed.definition.withUpdated(clock.instant().toString());
      managed.definition.save(managed.dir.resolve("service.json"));
      managed.deploy();
      return managed.toService();
    }
  }

  @Override
  public void delete(String namespace, String name) {
    Managed managed;
    List<Process> stopping;
    synchronized (services) {
      managed = find(namespace, name);
      // stays in the map, marked, until its folder is gone: a new one of the name must wait
      managed.deleted = true;
    }
    synchronized (managed) {
      managed.generation++;
      if (managed.building != null) {
        managed.building.cancel(true);
      }
      stopping = managed.stopInstances();
      managed.log.close();
    }
    try {
      awaitStopped(stopping);
      accounts.remove(namespace, name);
      deleteTree(managed.dir);
    } finally {
      services.remove(new Key(namespace, name), managed);
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
    Managed managed = find(namespace, name);
    ServiceLog.Follower follower = managed.log.read(since, count, listener);
    if (!follow) {
      end.run();
      return () -> {};
    }
    Follow following = new Follow(managed, follower, end);
    follows.add(following);
    return () -> follows.remove(following);
  }

  /** Runs every service recorded under the root again (at server start). */
  @Override
  public void resume() {
    if (!Files.isDirectory(settings.root())) {
      return;
    }
    List<Path> definitions;
    try (Stream<Path> files = Files.find(settings.root(), 3, (path, attributes) -> true)) {
      definitions =
          files.filter(path -> path.getFileName().toString().equals("service.json")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + settings.root(), e);
    }
    for (Path file : definitions) {
      try {
        ServiceDefinition definition = ServiceDefinition.load(file);
        Managed managed = new Managed(definition, file.getParent());
        services.put(new Key(definition.namespace(), definition.name()), managed);
        synchronized (managed) {
          ServiceDefinition.BuildRecord build = definition.build();
          managed.stopLeftovers();
          if (build != null && Files.isDirectory(Path.of(build.serviceDir()))) {
            managed.log.append(ServiceLog.RUNTIME, "server restarted: running the recorded build");
            managed.startInstances();
          } else {
            managed.deploy();
          }
        }
      } catch (RuntimeException e) {
        LOG.errorf(e, "cannot resume the service recorded in %s", file);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    List<Process> stopping = new ArrayList<>();
    for (Managed managed : services.values()) {
      synchronized (managed) {
        managed.generation++;
        if (managed.building != null) {
          managed.building.cancel(true);
        }
        stopping.addAll(managed.stopInstances());
      }
    }
    awaitStopped(stopping);
    work.shutdownNow();
    for (Follow follow : follows) {
      follow.end.run();
    }
    follows.clear();
  }

  // ---- internals

  private Managed find(String namespace, String name) {
    ServiceRequests.checkName("service", name);
    Managed managed = services.get(new Key(namespace, name));
    if (managed == null || managed.deleted) {
      throw new UnknownServiceException(namespace, name);
    }
    return managed;
  }

  private Path serviceDir(Key key) {
    return settings.root().resolve(key.namespace()).resolve(key.name());
  }

  /** Readiness of starting instances, and new records for log followers. */
  private void tick() {
    try {
      for (Managed managed : services.values()) {
        managed.checkReady();
      }
      for (Follow follow : follows) {
        follow.poll();
      }
    } catch (RuntimeException e) {
      LOG.error("runtime tick failed", e);
    }
  }

  private final class Follow {
    private final Managed managed;
    private final ServiceLog.Follower follower;
    private final Runnable end;

    Follow(Managed managed, ServiceLog.Follower follower, Runnable end) {
      this.managed = managed;
      this.follower = follower;
      this.end = end;
    }

    void poll() {
      try {
        follower.poll();
      } catch (RuntimeException e) {
        if (!managed.deleted) {
          throw e;
        }
      }
      if (managed.deleted) {
        follows.remove(this);
        end.run();
      }
    }
  }

  private static final class Instance {
    final int index;
    final int port;
    final Process process;
    final Instant startedAt;
    final int crashesInARow;
    boolean ready;
    boolean stopping;

    /** Why the runtime stopped it although it still ran; null unless it did. */
    String stoppedBecause;

    Instance(int index, int port, Process process, Instant startedAt, int crashesInARow) {
      this.index = index;
      this.port = port;
      this.process = process;
      this.startedAt = startedAt;
      this.crashesInARow = crashesInARow;
    }
  }

  /** One service; every field is guarded by its monitor. */
  private final class Managed {
    ServiceDefinition definition;
    final Path dir;
    final ServiceLog log;
    Status status = Status.STATUS_UNSPECIFIED;
    String error = "";
    Instant started;
    int restarts;
    long generation;
    volatile boolean deleted;
    Future<?> building;
    final List<Instance> instances = new ArrayList<>();
    final List<ScheduledFuture<?>> pendingRestarts = new ArrayList<>();
    ServiceAccounts.Credentials credentials;

    Managed(ServiceDefinition definition, Path dir) {
      this.definition = definition;
      this.dir = dir;
      this.log = new ServiceLog(dir.resolve("service.log"), clock, settings.logMaxBytes());
    }

    boolean current(long expected) {
      return generation == expected && !deleted;
    }

    void setStatus(Status newStatus, String reason) {
      if (newStatus == status && reason.equals(error)) {
        return;
      }
      status = newStatus;
      if (newStatus == Status.ERROR || !reason.isEmpty()) {
        error = reason;
      }
      log.status(newStatus, reason);
    }

    /** Starts a new build (superseding one under way); the running instances stay until done. */
    void deploy() {
      long expected = ++generation;
      if (building != null) {
        building.cancel(true);
      }
      setStatus(Status.BUILDING, "");
      building = work.submit(() -> build(expected));
    }

    private void build(long expected) {
      Path builds = dir.resolve("builds");
      Path workDir;
      try {
        Files.createDirectories(builds);
        workDir = Files.createTempDirectory(builds, "build-");
      } catch (IOException e) {
        fail(expected, "cannot create a build folder in " + builds + ": " + e.getMessage());
        return;
      }
      Deque<String> tail = new ArrayDeque<>();
      log.append(ServiceLog.BUILD, "building " + definition.source());
      SourceBuilds.Build build;
      try {
        build =
            builds()
                .build(
                    definition.source(),
                    definition.remoteCaller(),
                    workDir,
                    line -> {
                      synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > ERROR_TAIL_LINES) {
                          tail.removeFirst();
                        }
                      }
                      if (!deleted) {
                        log.append(ServiceLog.BUILD, line);
                      }
                    });
      } catch (SourceBuilds.BuildException e) {
        deleteTree(workDir);
        String reason = e.getMessage();
        if (e.kind() == SourceBuilds.BuildException.Kind.BUILD) {
          reason = withTail(reason, tail);
        }
        fail(expected, reason);
        return;
      } catch (RuntimeException e) {
        deleteTree(workDir);
        LOG.errorf(e, "building %s failed", definition.source());
        fail(expected, withTail("the build failed: " + e, tail));
        return;
      }
      String replaced = null;
      List<Process> stopping;
      synchronized (this) {
        if (!current(expected)) {
          deleteTree(workDir);
          return;
        }
        log.append(
            ServiceLog.BUILD,
            "built"
                + build.commit().map(commit -> " commit " + commit).orElse("")
                + ": "
                + String.join(" ", build.command()));
        if (definition.build() != null) {
          replaced = definition.build().workDir();
        }
        definition =
            definition.withBuild(
                new ServiceDefinition.BuildRecord(
                    workDir.toString(),
                    build.serviceDir().toString(),
                    build.commit().orElse(null),
                    build.ref().orElse(null),
                    build.command()),
                definition.updated());
        definition.save(dir.resolve("service.json"));
        building = null;
        stopping = stopInstances();
      }
      awaitStopped(stopping);
      if (replaced != null && !replaced.equals(workDir.toString())) {
        deleteTree(Path.of(replaced));
      }
      synchronized (this) {
        if (current(expected)) {
          error = "";
          startInstances();
        }
      }
    }

    private SourceBuilds builds() {
      return builds;
    }

    private String withTail(String reason, Deque<String> tail) {
      List<String> lines;
      synchronized (tail) {
        lines = List.copyOf(tail);
      }
      StringBuilder text = new StringBuilder(reason);
      List<String> missing = lines.stream().filter(line -> !reason.contains(line)).toList();
      if (!missing.isEmpty()) {
        text.append("\n").append(String.join("\n", lines));
      }
      return text.toString();
    }

    private void fail(long expected, String reason) {
      synchronized (this) {
        if (current(expected)) {
          building = null;
          setStatus(Status.ERROR, reason);
        }
      }
    }

    /** Starts every instance of the recorded build. */
    void startInstances() {
      ServiceDefinition.BuildRecord build = definition.build();
      try {
        credentials = accounts.issue(definition.namespace(), definition.name());
      } catch (RuntimeException e) {
        LOG.errorf(e, "cannot issue the account of %s", definition.name());
        setStatus(Status.ERROR, "cannot create the service account: " + e.getMessage());
        return;
      }
      started = clock.instant();
      setStatus(Status.STARTING, "");
      for (int i = 0; i < definition.instances(); i++) {
        if (!start(build, i, 0)) {
          return;
        }
      }
    }

    private boolean start(ServiceDefinition.BuildRecord build, int index, int crashesInARow) {
      int port = freePort();
      ProcessBuilder builder =
          new ProcessBuilder(build.command())
              .directory(Path.of(build.serviceDir()).toFile())
              .redirectErrorStream(true);
      Map<String, String> environment = builder.environment();
      environment.keySet().removeIf(variable -> variable.startsWith("ALOFT_"));
      environment.putAll(definition.envVars());
      environment.put("ALOFT_SERVICE", definition.name());
      environment.put("ALOFT_NAMESPACE", definition.namespace());
      environment.put("ALOFT_SERVER", settings.platformAddress());
      environment.put("ALOFT_ACCOUNT_ID", credentials.id());
      environment.put("ALOFT_ACCOUNT_SECRET", credentials.secret());
      environment.put("ALOFT_GRPC_PORT", Integer.toString(port));
      environment.put("ALOFT_ADVERTISE_HOST", settings.advertiseHost());
      environment.put("ALOFT_VERSION", definition.version());
      settings.environment().ifPresent(value -> environment.put("ALOFT_ENVIRONMENT", value));
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        stopInstances();
        setStatus(
            Status.ERROR,
            "cannot start '" + String.join(" ", build.command()) + "': " + e.getMessage());
        return false;
      }
      Instance instance = new Instance(index, port, process, clock.instant(), crashesInARow);
      instances.removeIf(other -> other.index == index);
      instances.add(instance);
      log.append(
          ServiceLog.RUNTIME,
          "instance " + index + " started: pid " + process.pid() + ", gRPC port " + port);
      savePids();
      long expected = generation;
      Thread pump = daemon(() -> pump(instance), "aloft-runtime-log-" + definition.name());
      pump.start();
      process.onExit().thenRun(() -> exited(instance, expected));
      return true;
    }

    private void pump(Instance instance) {
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(instance.process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          log.append(Integer.toString(instance.index), line);
        }
      } catch (IOException | UncheckedIOException e) {
        // the process went away; its exit is handled by exited()
      }
    }

    private synchronized void exited(Instance instance, long expected) {
      if (instance.stopping || !current(expected) || !instances.contains(instance)) {
        return;
      }
      instances.remove(instance);
      savePids();
      restarts++;
      boolean wasStable =
          instance.stoppedBecause == null
              && Duration.between(instance.startedAt, clock.instant())
                      .compareTo(settings.stableAfter())
                  > 0;
      int crashes = wasStable ? 1 : instance.crashesInARow + 1;
      Duration delay = backoff(crashes);
      String reason =
          "instance "
              + instance.index
              + (instance.stoppedBecause != null
                  ? " " + instance.stoppedBecause
                  : " exited with code " + instance.process.exitValue())
              + "; restart "
              + restarts
              + " in "
              + seconds(delay);
      if (status == Status.RUNNING || status == Status.STARTING) {
        setStatus(Status.STARTING, reason);
      } else {
        log.append(ServiceLog.RUNTIME, reason);
        error = reason;
      }
      ScheduledFuture<?>[] restart = new ScheduledFuture<?>[1];
      restart[0] =
          timer.schedule(
              () -> {
                synchronized (Managed.this) {
                  pendingRestarts.remove(restart[0]);
                  if (current(expected) && definition.build() != null) {
                    start(definition.build(), instance.index, crashes);
                  }
                }
              },
              delay.toMillis(),
              TimeUnit.MILLISECONDS);
      pendingRestarts.add(restart[0]);
    }

    private Duration backoff(int crashesInARow) {
      Duration delay = settings.backoffBase();
      for (int i = 1; i < crashesInARow && delay.compareTo(settings.backoffMax()) < 0; i++) {
        delay = delay.multipliedBy(2);
      }
      return delay.compareTo(settings.backoffMax()) > 0 ? settings.backoffMax() : delay;
    }

    /** Stops the instances and returns their processes, to wait for outside the monitor. */
    List<Process> stopInstances() {
      pendingRestarts.forEach(restart -> restart.cancel(false));
      pendingRestarts.clear();
      List<Process> processes = new ArrayList<>();
      for (Instance instance : instances) {
        instance.stopping = true;
        instance.process.descendants().forEach(ProcessHandle::destroy);
        instance.process.destroy();
        processes.add(instance.process);
      }
      instances.clear();
      savePids();
      return processes;
    }

    /**
     * Writes the pids of the running instances to {@code instances.pid}, so that a server started
     * after this one died without stopping them can stop them ({@link #stopLeftovers}).
     */
    private void savePids() {
      if (deleted) {
        return;
      }
      StringBuilder pids = new StringBuilder();
      for (Instance instance : instances) {
        pids.append(instance.process.pid()).append('\n');
      }
      try {
        Files.writeString(dir.resolve(PIDS), pids);
      } catch (IOException e) {
        LOG.warnf("cannot write %s: %s", dir.resolve(PIDS), e.getMessage());
      }
    }

    /**
     * Stops instances of this service still running from a server that died without stopping them:
     * the recorded pids whose command line runs from this service's folder.
     */
    void stopLeftovers() {
      Path file = dir.resolve(PIDS);
      if (!Files.exists(file)) {
        return;
      }
      List<ProcessHandle> leftovers = new ArrayList<>();
      try {
        for (String line : Files.readAllLines(file)) {
          if (line.isBlank()) {
            continue;
          }
          ProcessHandle.of(Long.parseLong(line.strip()))
              .filter(ProcessHandle::isAlive)
              .filter(
                  handle ->
                      handle
                          .info()
                          .commandLine()
                          .map(command -> command.contains(dir + "/"))
                          .orElse(false))
              .ifPresent(leftovers::add);
        }
      } catch (IOException | NumberFormatException e) {
        LOG.warnf("cannot read %s: %s", file, e.getMessage());
      }
      for (ProcessHandle leftover : leftovers) {
        log.append(
            ServiceLog.RUNTIME,
            "stopping instance left over by the previous server: pid " + leftover.pid());
        leftover.descendants().forEach(ProcessHandle::destroy);
        leftover.destroy();
        try {
          leftover.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          leftover.destroyForcibly();
        } catch (ExecutionException | TimeoutException e) {
          leftover.descendants().forEach(ProcessHandle::destroyForcibly);
          leftover.destroyForcibly();
        }
      }
    }

    /**
     * Stops an instance that runs but never accepted connections on its port: its exit is then
     * handled as a crash ({@link #exited}), with this reason, and it is started again.
     */
    private synchronized void stopUnresponsive(Instance instance) {
      if (instance.stoppedBecause != null || instance.stopping || !instances.contains(instance)) {
        return;
      }
      instance.stoppedBecause =
          "did not accept connections on its gRPC port "
              + instance.port
              + " within "
              + seconds(settings.startTimeout())
              + " (aloft.runtime.start-timeout), so it was stopped";
      log.append(ServiceLog.RUNTIME, "instance " + instance.index + " " + instance.stoppedBecause);
      instance.process.descendants().forEach(ProcessHandle::destroy);
      instance.process.destroy();
    }

    /** Marks ready the instances whose port accepts; RUNNING when all are; stops the silent. */
    void checkReady() {
      List<Instance> unready;
      synchronized (this) {
        if (status != Status.STARTING || deleted) {
          return;
        }
        unready = instances.stream().filter(instance -> !instance.ready).toList();
      }
      for (Instance instance : unready) {
        if (!instance.process.isAlive()) {
          continue;
        }
        if (accepts(instance.port)) {
          synchronized (this) {
            instance.ready = true;
          }
        } else if (Duration.between(instance.startedAt, clock.instant())
                .compareTo(settings.startTimeout())
            > 0) {
          stopUnresponsive(instance);
        }
      }
      synchronized (this) {
        if (status == Status.STARTING
            && instances.size() == definition.instances()
            && instances.stream().allMatch(instance -> instance.ready)) {
          setStatus(Status.RUNNING, "");
        }
      }
    }

    Service toService() {
      Service.Builder service =
          Service.newBuilder()
              .setName(definition.name())
              .setVersion(definition.version())
              .setSource(definition.source())
              .putAllMetadata(definition.metadata())
              .setStatus(status)
              .setError(error)
              .setUpdated(timestamp(Instant.parse(definition.updated())))
              .setInstances(definition.instances())
              .setRestarts(restarts);
      if (started != null) {
        service.setStarted(timestamp(started));
      }
      ServiceDefinition.BuildRecord build = definition.build();
      if (build != null) {
        if (build.commit() != null) {
          service.setRevision(build.commit());
        }
        if (build.ref() != null) {
          service.setRef(build.ref());
        }
      }
      return service.build();
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for a service instance", e);
    }
  }

  private static void awaitStopped(List<Process> processes) {
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    for (Process process : processes) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  private static String seconds(Duration delay) {
    long millis = delay.toMillis();
    return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warnf("cannot delete %s: %s", root, e.getMessage());
    }
  }
}
