package dev.aloft.bench;

import dev.aloft.crds.install.AloftCrds;
import dev.aloft.crds.v1alpha1.AloftService;
import dev.aloft.crds.v1alpha1.AloftServiceSpec;
import dev.aloft.crds.v1alpha1.Condition;
import dev.aloft.crds.v1alpha1.ConditionStatus;
import dev.aloft.crds.v1alpha1.Environment;
import dev.aloft.crds.v1alpha1.EnvironmentSpec;
import dev.aloft.crds.v1alpha1.ImageRegistry;
import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.crds.v1alpha1.TenantQuota;
import dev.aloft.crds.v1alpha1.TenantSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * Issue 9.7: N Aloft {@code Service} resources with an image (1000 by default) until all N
 * Deployments exist, through the operator, vs the same N Deployments created straight through the
 * API with fabric8 in a namespace of their own; and the operator's heap once it has them all.
 *
 * <p>On the local cluster of {@code infra/k8s/up}, shared with others: the operator is the packaged
 * jar started by this program, its controllers restricted to resources labelled {@value #LABEL}=
 * {@value #VALUE}; its tenant {@value #TENANT} (namespace {@value #NAMESPACE}) has a quota of N
 * services; the services run 0 replicas (the CRD allows 0), so that no pod is scheduled and the
 * measure is the control plane's. The baseline's Deployments are copies of one the operator made
 * (its owner dropped, the name changed), so both sides write the same objects; both create with the
 * same number of requests in flight. Both sides see their Deployments appear through an informer
 * started before the first create.
 *
 * <p>The heap: {@code jcmd GC.run}, then the used heap of {@code GC.heap_info}, once all N services
 * are Ready (so the operator has done its work), beside the same reading of the operator with only
 * its tenant and environment, before each platform round.
 *
 * <p>Extra flag: {@code --services=N}. Everything made is removed at the end (the services, the
 * tenant and with it its namespace, the environment, the baseline's namespace), and at the start
 * what a failed run left.
 */
public final class OperatorScaleBench {

  static final String LABEL = "aloft.dev/test";
  static final String VALUE = "bm";
  static final String TENANT = "bm-scale";
  static final String NAMESPACE = "aloft-" + TENANT;
  static final String BASELINE = "aloft-bm-baseline";
  static final String ENVIRONMENT = "bm-env";
  static final String REGISTRY = "127.0.0.1:5000/aloft-bm";
  static final String IMAGE = REGISTRY + "/hello:1";
  static final int OPERATOR_PORT = 18332;
  private static final Duration PATIENCE = Duration.ofMinutes(20);
  private static final long HEAP_TARGET_MB = 256;

  private final KubernetesClient client;
  private final OperatorProcess operator;
  private final int services;
  private final int inFlight;
  private String template;

  private OperatorScaleBench(
      KubernetesClient client, OperatorProcess operator, int services, int inFlight) {
    this.client = client;
    this.operator = operator;
    this.services = services;
    this.inFlight = inFlight;
  }

  public static void main(String[] args) throws Exception {
    int services = 1000;
    List<String> rest = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--services=")) {
        try {
          services = Integer.parseInt(arg.substring("--services=".length()));
        } catch (NumberFormatException e) {
          services = 0;
        }
        if (services < 1 || services > 10000) {
          System.err.println("bench: --services: '" + arg + "' is not a number from 1 to 10000");
          System.exit(2);
        }
      } else {
        rest.add(arg);
      }
    }
    BenchOptions options = BenchOptions.parse(rest.toArray(String[]::new), 2, List.of(8));
    if (options.quick()) {
      options = options.withoutWarmup();
    }
    var problem = KubeCluster.problem();
    if (problem.isPresent()) {
      throw new IllegalStateException("operator-scale needs the local cluster: " + problem.get());
    }
    int inFlight = options.concurrency().get(0);
    int warmup = options.warmup().isZero() ? 0 : Math.max(1, services / 10);
    System.out.println(
        "# operator-scale: "
            + services
            + " Service resources (spec.image, 0 replicas) until their "
            + services
            + " Deployments exist, through the operator (packaged jar, controllers selecting "
            + LABEL
            + "="
            + VALUE
            + ") vs the same Deployments created through the API (fabric8); "
            + inFlight
            + " creates in flight on both sides; operator heap used after a full GC (jcmd) once"
            + " all are Ready vs the operator with only its tenant and environment; "
            + (warmup > 0 ? "a warm-up round of " + warmup + " each, " : "")
            + options.rounds()
            + " round(s) per side, alternating, "
            + Runtime.getRuntime().availableProcessors()
            + " CPUs");
    try (Workdir workdir = new Workdir("operator");
        KubernetesClient client = KubeCluster.client()) {
      AloftCrds.apply(client, Duration.ofMinutes(2));
      try (OperatorProcess operator =
          OperatorProcess.start(
              KubeCluster.kubeconfig(),
              LABEL + "=" + VALUE,
              OPERATOR_PORT,
              workdir.resolve("operator.log"),
              options)) {
        OperatorScaleBench bench = new OperatorScaleBench(client, operator, services, inFlight);
        try {
          bench.removeEverything();
          bench.setUp();
          bench.measure(options, warmup);
        } catch (RuntimeException | Error e) {
          System.err.println("operator-scale: failed; the operator's log:\n" + operator.output());
          throw e;
        } finally {
          bench.removeEverything();
        }
      }
    }
  }

  private void measure(BenchOptions options, int warmup) throws Exception {
    if (warmup > 0) {
      platformRound(warmup, false);
      baselineRound(warmup);
    }
    Sample operatorTime = new Sample();
    Sample directTime = new Sample();
    Sample heapAfter = new Sample();
    Sample heapIdle = new Sample();
    Sample rssAfter = new Sample();
    Sample rssIdle = new Sample();
    for (int round = 0; round < options.rounds(); round++) {
      for (int side = 0; side < 2; side++) {
        if ((side == 0) == (round % 2 == 0)) {
          heapIdle.add(Sample.single(operator.heapUsedAfterGc()));
          rssIdle.add(Sample.single(operator.residentBytes()));
          operatorTime.add(platformRound(services, true));
          heapAfter.add(Sample.single(operator.heapUsedAfterGc()));
          rssAfter.add(Sample.single(operator.residentBytes()));
          removeServices();
        } else {
          directTime.add(baselineRound(services));
        }
      }
    }
    String what = "operator " + services + " services";
    System.out.println(
        Comparison.line(
            what + " to Deployments",
            "direct",
            operatorTime,
            directTime,
            false,
            Target.p50AtMostTimes(1.5)));
    System.out.println(
        Comparison.memoryLine(
            what + " heap after GC",
            "idle",
            heapAfter,
            heapIdle,
            Target.largestAtMostMegabytes(HEAP_TARGET_MB)));
    System.out.println(Comparison.memoryLine(what + " RSS", "idle", rssAfter, rssIdle));
  }

  // ---- the two sides

  /**
   * Creates COUNT services and returns the time until their Deployments exist; when WAIT_READY,
   * then waits until all are Ready (untimed). Leaves them in place.
   */
  private Sample platformRound(int count, boolean waitReady) throws Exception {
    awaitQuotaReleased();
    long took = createAndAwaitDeployments(NAMESPACE, count, this::service);
    progress("operator", count, took);
    if (template == null) {
      template = baselineTemplate();
    }
    if (waitReady) {
      long before = System.nanoTime();
      await(count + " services Ready", () -> readyServices() == count);
      System.err.printf(
          Locale.ROOT,
          "operator-scale: all %d Ready %.1f s later%n",
          count,
          (System.nanoTime() - before) / 1e9);
    } else {
      removeServices();
    }
    return Sample.single(took);
  }

  /** Creates COUNT copies of the operator's Deployment; the time until all exist. */
  private Sample baselineRound(int count) throws Exception {
    long took = createAndAwaitDeployments(BASELINE, count, this::baselineDeployment);
    progress("direct", count, took);
    client.apps().deployments().inNamespace(BASELINE).delete();
    await(
        "the baseline's Deployments deleted",
        () -> client.apps().deployments().inNamespace(BASELINE).list().getItems().isEmpty());
    return Sample.single(took);
  }

  /**
   * Starts an informer of NAMESPACE's Deployments, then creates COUNT objects made by FACTORY,
   * {@code inFlight} at a time; returns the nanoseconds from the first create until the informer
   * has seen COUNT Deployments.
   */
  private long createAndAwaitDeployments(
      String namespace, int count, IntFunction<HasMetadata> factory) throws Exception {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    CountDownLatch all = new CountDownLatch(1);
    ResourceEventHandler<Deployment> handler =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Deployment deployment) {
            seen.add(deployment.getMetadata().getName());
            if (seen.size() >= count) {
              all.countDown();
            }
          }

          @Override
          public void onUpdate(Deployment before, Deployment after) {
            onAdd(after);
          }

          @Override
          public void onDelete(Deployment deployment, boolean unknownFinalState) {}
        };
    try (SharedIndexInformer<Deployment> informer =
        client.apps().deployments().inNamespace(namespace).inform(handler)) {
      if (!seen.isEmpty()) {
        throw new IllegalStateException(
            namespace + " still holds " + seen.size() + " Deployments from before");
      }
      List<HasMetadata> objects = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        objects.add(factory.apply(i));
      }
      ExecutorService creators = Executors.newFixedThreadPool(inFlight);
      ApiServerWrites writesBefore = ApiServerWrites.read(client);
      long before = System.nanoTime();
      try {
        List<Future<?>> creates = new ArrayList<>();
        for (HasMetadata object : objects) {
          creates.add(creators.submit(() -> client.resource(object).create()));
        }
        for (Future<?> create : creates) {
          try {
            create.get();
          } catch (ExecutionException e) {
            throw new IllegalStateException(
                "a create in " + namespace + " failed: " + e.getCause().getMessage(), e);
          }
        }
      } finally {
        creators.shutdownNow();
      }
      if (!all.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "only "
                + seen.size()
                + " of "
                + count
                + " Deployments appeared in "
                + namespace
                + " in "
                + PATIENCE.toMinutes()
                + " min");
      }
      long took = System.nanoTime() - before;
      System.err.println(
          "operator-scale: "
              + namespace
              + ": API server writes until the last Deployment existed: "
              + ApiServerWrites.read(client).since(writesBefore, count));
      return took;
    }
  }

  private static void progress(String side, int count, long nanos) {
    System.err.printf(
        Locale.ROOT,
        "operator-scale: %s: %d Deployments in %.1f s (%.0f/s)%n",
        side,
        count,
        nanos / 1e9,
        count / (nanos / 1e9));
  }

  static String name(int index) {
    return String.format(Locale.ROOT, "bms-%05d", index);
  }

  private AloftService service(int index) {
    AloftService service = new AloftService();
    service.setMetadata(
        new ObjectMetaBuilder()
            .withName(name(index))
            .withNamespace(NAMESPACE)
            .addToLabels(LABEL, VALUE)
            .build());
    AloftServiceSpec spec = new AloftServiceSpec();
    spec.setEnvironment(ENVIRONMENT);
    spec.setImage(IMAGE);
    spec.setReplicas(0);
    service.setSpec(spec);
    return service;
  }

  /**
   * The Deployment the operator made for the first service, as JSON to create again elsewhere:
   * without its owner, status and server-set fields, in the baseline's namespace, labelled as ours.
   */
  private String baselineTemplate() {
    Deployment made = client.apps().deployments().inNamespace(NAMESPACE).withName(name(0)).get();
    ObjectMeta meta = made.getMetadata();
    Map<String, String> labels = new java.util.LinkedHashMap<>(meta.getLabels());
    labels.put(LABEL, VALUE);
    made.setMetadata(
        new ObjectMetaBuilder()
            .withName(meta.getName())
            .withNamespace(BASELINE)
            .withLabels(labels)
            .withAnnotations(meta.getAnnotations())
            .build());
    made.setStatus(null);
    return Serialization.asJson(made);
  }

  private Deployment baselineDeployment(int index) {
    return Serialization.unmarshal(template.replace(name(0), name(index)), Deployment.class);
  }

  // ---- set-up and clean-up

  private void setUp() throws Exception {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(BASELINE)
                .addToLabels(LABEL, VALUE)
                .endMetadata()
                .build())
        .create();
    Environment environment = new Environment();
    environment.setMetadata(
        new ObjectMetaBuilder().withName(ENVIRONMENT).addToLabels(LABEL, VALUE).build());
    EnvironmentSpec spec = new EnvironmentSpec();
    spec.setImageRegistry(new ImageRegistry(REGISTRY, null, true));
    spec.setDefaultReplicas(0);
    spec.setAllowedTenants(List.of(TENANT));
    environment.setSpec(spec);
    client.resource(environment).create();
    Tenant tenant = new Tenant();
    tenant.setMetadata(new ObjectMetaBuilder().withName(TENANT).addToLabels(LABEL, VALUE).build());
    TenantSpec tenantSpec = new TenantSpec();
    TenantQuota quota = new TenantQuota();
    quota.setServices(services);
    tenantSpec.setQuota(quota);
    tenant.setSpec(tenantSpec);
    client.resource(tenant).create();
    await("tenant " + TENANT + " Ready", () -> ready(tenant()));
  }

  /** Deletes what this benchmark makes (also what a failed run left) and waits until it is gone. */
  private void removeEverything() throws InterruptedException {
    if (client.namespaces().withName(NAMESPACE).get() != null) {
      removeServices();
    }
    client.resources(Tenant.class).withName(TENANT).delete();
    client.resources(Environment.class).withName(ENVIRONMENT).delete();
    client.namespaces().withName(BASELINE).delete();
    await("tenant " + TENANT + " deleted", () -> tenant() == null);
    await(
        "environment " + ENVIRONMENT + " deleted",
        () -> client.resources(Environment.class).withName(ENVIRONMENT).get() == null);
    await(
        "namespaces " + NAMESPACE + " and " + BASELINE + " deleted",
        () ->
            client.namespaces().withName(NAMESPACE).get() == null
                && client.namespaces().withName(BASELINE).get() == null);
  }

  /**
   * Deletes the tenant's services, waits until they are gone (the operator's finalizer removes
   * their Keycloak clients), then deletes their Deployments at once instead of waiting for the
   * garbage collector to take them one by one (minutes for a thousand on the local cluster).
   */
  private void removeServices() throws InterruptedException {
    client.resources(AloftService.class).inNamespace(NAMESPACE).delete();
    await(
        "the services deleted",
        () ->
            client
                .resources(AloftService.class)
                .inNamespace(NAMESPACE)
                .list()
                .getItems()
                .isEmpty());
    client.apps().deployments().inNamespace(NAMESPACE).delete();
    await(
        "their Deployments deleted",
        () -> client.apps().deployments().inNamespace(NAMESPACE).list().getItems().isEmpty());
  }

  /**
   * Waits until the tenant's ResourceQuota counts no Aloft Service (the quota controller releases
   * deleted ones a little later), so that a new round has the whole quota.
   */
  private void awaitQuotaReleased() throws InterruptedException {
    await(
        "the tenant's quota released",
        () ->
            client.resourceQuotas().inNamespace(NAMESPACE).list().getItems().stream()
                .allMatch(OperatorScaleBench::countsNoService));
  }

  private static boolean countsNoService(ResourceQuota quota) {
    Map<String, Quantity> used = quota.getStatus() == null ? null : quota.getStatus().getUsed();
    Quantity services = used == null ? null : used.get("count/services.aloft.dev");
    return services == null || services.getNumericalAmount().signum() == 0;
  }

  private Tenant tenant() {
    return client.resources(Tenant.class).withName(TENANT).get();
  }

  private long readyServices() {
    return client.resources(AloftService.class).inNamespace(NAMESPACE).list().getItems().stream()
        .filter(OperatorScaleBench::ready)
        .count();
  }

  static boolean ready(HasMetadata resource) {
    List<Condition> conditions = null;
    if (resource instanceof Tenant t && t.getStatus() != null) {
      conditions = t.getStatus().getConditions();
    } else if (resource instanceof AloftService s && s.getStatus() != null) {
      conditions = s.getStatus().getConditions();
    }
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && c.getStatus() == ConditionStatus.TRUE);
  }

  private void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try {
        if (done.getAsBoolean()) {
          return;
        }
      } catch (KubernetesClientException e) {
        // not there yet, or the API server is busy: ask again
      }
      if (!operator.alive()) {
        throw new IllegalStateException("the operator exited while waiting for " + what);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gave up waiting for " + what);
      }
      Thread.sleep(1000);
    }
  }
}
