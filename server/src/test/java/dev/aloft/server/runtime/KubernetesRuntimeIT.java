package dev.aloft.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.api.runtime.v1.CreateOptions;
import dev.aloft.api.runtime.v1.LogRecord;
import dev.aloft.api.runtime.v1.Service;
import dev.aloft.api.runtime.v1.Status;
import dev.aloft.crds.install.AloftCrds;
import dev.aloft.crds.v1alpha1.AloftService;
import dev.aloft.crds.v1alpha1.AloftServiceStatus;
import dev.aloft.crds.v1alpha1.Condition;
import dev.aloft.crds.v1alpha1.ConditionStatus;
import dev.aloft.crds.v1alpha1.ServicePhase;
import dev.aloft.server.infra.PackagedServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes runtime against the API server of the local cluster ({@code infra/k8s/up}), with
 * no operator: the test plays the operator's part where needed (it writes the status, it makes a
 * pod labelled as the operator labels a service's pods). Its namespace {@code aloft-cr-rt-<random>}
 * is deleted at the end.
 */
class KubernetesRuntimeIT {

  static final String SOURCE = "git://127.0.0.1:9418/cr-shop.git//orders@main";

  static KubernetesClient client;
  static KubernetesRuntime runtime;
  static String tenant;
  static String namespace;

  @BeforeAll
  static void connect() throws Exception {
    Path kubeconfig =
        Path.of(
            System.getProperty(
                "aloft.k8s.kubeconfig",
                System.getProperty("user.home") + "/.cache/aloft/k8s/state/kubeconfig"));
    assertThat(kubeconfig).as("the cluster's kubeconfig (start it with infra/k8s/up)").isReadable();
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
            .build();
    // the cluster may still be starting (infra/k8s/up returns when it is Ready; a restart of
    // it right before this test is not): AloftCrds tries again while there is no answer
    AloftCrds.apply(client, Duration.ofMinutes(2));
    tenant = "cr-rt-" + UUID.randomUUID().toString().substring(0, 8);
    namespace = "aloft-" + tenant;
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace)
                .addToLabels("aloft.dev/test", "cr")
                .endMetadata()
                .build())
        .create();
    runtime =
        new KubernetesRuntime(
            client,
            new KubernetesRuntime.Settings(
                "dev", Map.of("aloft.dev/test", "cr"), Duration.ofMillis(300)),
            Clock.systemUTC());
  }

  @AfterAll
  static void cleanUp() {
    if (runtime != null) {
      runtime.close();
    }
    if (client != null) {
      // an operator that was not told to leave this test's resources alone may have put its
      // finalizer on them; no operator will take it off, so the namespace would never go
      for (AloftService left :
          client.resources(AloftService.class).inNamespace(namespace).list().getItems()) {
        client
            .resources(AloftService.class)
            .inNamespace(namespace)
            .withName(left.getMetadata().getName())
            .edit(
                r -> {
                  r.getMetadata().setFinalizers(List.of());
                  return r;
                });
      }
      client.namespaces().withName(namespace).delete();
      client.close();
    }
  }

  static Service create(String name) {
    return runtime.create(
        tenant,
        Service.newBuilder().setName(name).setSource(SOURCE).build(),
        CreateOptions.newBuilder().setInstances(2).putEnvVars("GREETING", "hi").build(),
        true);
  }

  static AloftService resource(String name) {
    return client.resources(AloftService.class).inNamespace(namespace).withName(name).get();
  }

  /** Writes a status as the operator would, for the resource's current generation. */
  static void writeStatus(String name, ServicePhase phase, Condition... conditions) {
    AloftService current = resource(name);
    AloftServiceStatus status = new AloftServiceStatus();
    status.setPhase(phase);
    status.setObservedGeneration(current.getMetadata().getGeneration());
    status.setConditions(List.of(conditions));
    current.setStatus(status);
    client.resource(current).updateStatus();
  }

  static Condition condition(String type, ConditionStatus status, String message) {
    return new Condition(
        type, status, 1L, Instant.now().toString().replaceAll("\\.\\d+Z$", "Z"), "Test", message);
  }

  @Test
  void createMakesTheServiceResourceReadMapsItsStatusUpdateAsksForARebuildDeleteRemovesIt() {
    Service created = create("orders");

    assertThat(created.getStatus()).isEqualTo(Status.PENDING);
    AloftService made = resource("orders");
    assertThat(made).as("the Service resource").isNotNull();
    assertThat(made.getMetadata().getLabels())
        .containsEntry("aloft.dev/test", "cr")
        .containsEntry("aloft.dev/tenant", tenant)
        .containsEntry("app.kubernetes.io/managed-by", "aloft-server");
    assertThat(made.getSpec().getEnvironment()).isEqualTo("dev");
    assertThat(made.getSpec().getReplicas()).isEqualTo(2);
    assertThat(made.getSpec().getSource().getGit()).isEqualTo("git://127.0.0.1:9418/cr-shop.git");
    assertThat(made.getSpec().getSource().getPath()).isEqualTo("orders");
    assertThat(made.getSpec().getSource().getRef()).isEqualTo("main");
    assertThat(made.getSpec().getEnv())
        .singleElement()
        .satisfies(e -> assertThat(e.getName()).isEqualTo("GREETING"));
    assertThatThrownBy(() -> create("orders")).isInstanceOf(ServiceExistsException.class);

    writeStatus(
        "orders",
        ServicePhase.BUILDING,
        condition("Built", ConditionStatus.UNKNOWN, "build Job orders-build-1 builds main"));
    assertThat(runtime.read(tenant, Optional.of("orders")))
        .singleElement()
        .satisfies(s -> assertThat(s.getStatus()).isEqualTo(Status.BUILDING));

    String compiler =
        "build Job orders-build-1 failed (build): the build failed\nlog tail:\n"
            + "[ERROR] Orders.java:[3,9] incompatible types: int cannot be converted to String";
    writeStatus(
        "orders",
        ServicePhase.ERROR,
        condition("Built", ConditionStatus.FALSE, compiler),
        condition("Ready", ConditionStatus.FALSE, compiler));
    Service failed = runtime.read(tenant, Optional.empty()).get(0);
    assertThat(failed.getName()).isEqualTo("orders");
    assertThat(failed.getStatus()).isEqualTo(Status.ERROR);
    assertThat(failed.getError()).isEqualTo("Built: " + compiler);
    assertThat(failed.getSource()).isEqualTo(SOURCE);

    long generation = resource("orders").getMetadata().getGeneration();
    Service updated = runtime.update(tenant, "orders", true);
    AloftService rebuilt = resource("orders");
    assertThat(rebuilt.getSpec().getSource().getRebuildNonce()).isEqualTo(1);
    assertThat(rebuilt.getMetadata().getGeneration()).isEqualTo(generation + 1);
    assertThat(updated.getStatus())
        .as("the operator has not seen the new generation yet")
        .isEqualTo(Status.PENDING);
    runtime.update(tenant, "orders", true);
    assertThat(resource("orders").getSpec().getSource().getRebuildNonce()).isEqualTo(2);

    runtime.delete(tenant, "orders");
    assertThat(resource("orders")).isNull();
    assertThatThrownBy(() -> runtime.read(tenant, Optional.of("orders")))
        .isInstanceOf(UnknownServiceException.class)
        .hasMessage("no service 'orders' runs in namespace '" + tenant + "'");
    assertThatThrownBy(() -> runtime.delete(tenant, "orders"))
        .isInstanceOf(UnknownServiceException.class);
    assertThatThrownBy(() -> runtime.update(tenant, "orders", true))
        .isInstanceOf(UnknownServiceException.class);
  }

  @Test
  void aFolderIsRefusedAndANamespaceWithoutTenantIsNamed() {
    assertThatThrownBy(
            () ->
                runtime.create(
                    tenant,
                    Service.newBuilder().setName("folder").setSource("/srv/orders").build(),
                    CreateOptions.getDefaultInstance(),
                    false))
        .isInstanceOf(InvalidRuntimeRequestException.class)
        .hasMessageStartingWith("service.source: '/srv/orders' is a folder;");
    assertThat(resource("folder")).isNull();

    assertThatThrownBy(
            () ->
                runtime.create(
                    "cr-nobody-" + UUID.randomUUID().toString().substring(0, 6),
                    Service.newBuilder().setName("orders").setSource(SOURCE).build(),
                    CreateOptions.getDefaultInstance(),
                    true))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode())
                  .isEqualTo(io.grpc.Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription()).contains("has no tenant on the cluster");
            });
  }

  @Test
  void logsAreThePodsLinesAndFollowingGetsNewOnesAndStatusChanges() throws Exception {
    create("talker");
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("talker-1")
            .withNamespace(namespace)
            .addToLabels(AloftService.SERVICE_LABEL, "talker")
            .addToLabels("aloft.dev/test", "cr")
            .endMetadata()
            .withNewSpec()
            .withTerminationGracePeriodSeconds(0L)
            .addNewContainer()
            .withName("service")
            .withImage("127.0.0.1:5000/aloft/jre:17")
            .withCommand("sh", "-c", "echo first; echo second; sleep 4; echo third; sleep 3600")
            .endContainer()
            .endSpec()
            .build();
    client.resource(pod).create();
    client
        .pods()
        .inNamespace(namespace)
        .withName("talker-1")
        .waitUntilCondition(
            p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()),
            120,
            TimeUnit.SECONDS);

    List<LogRecord> followed = new CopyOnWriteArrayList<>();
    CountDownLatch ended = new CountDownLatch(1);
    RuntimeBackend.LogFollow follow =
        runtime.logs(tenant, "talker", 0, Optional.empty(), true, followed::add, ended::countDown);
    try {
      await(followed, r -> r.getMessage().equals("third"));
      assertThat(followed)
          .filteredOn(r -> r.getSource().equals("talker-1"))
          .extracting(LogRecord::getMessage)
          .containsSubsequence("first", "second", "third");
      assertThat(followed.get(0).getSource()).isEqualTo("status");
      assertThat(followed.get(0).getStatus()).isEqualTo(Status.PENDING);

      writeStatus("talker", ServicePhase.RUNNING, condition("Ready", ConditionStatus.TRUE, "ok"));
      await(followed, r -> r.getStatus() == Status.RUNNING);

      List<LogRecord> last = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(1);
      runtime.logs(tenant, "talker", 1, Optional.empty(), false, last::add, done::countDown);
      assertThat(done.getCount()).isZero();
      assertThat(last)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getMessage()).isEqualTo("third");
                assertThat(r.getSource()).isEqualTo("talker-1");
              });

      runtime.delete(tenant, "talker");
      assertThat(ended.await(30, TimeUnit.SECONDS)).as("the follow ends with the service").isTrue();
    } finally {
      follow.close();
      client.pods().inNamespace(namespace).withName("talker-1").delete();
    }
  }

  @Test
  void anUnreachableApiServerIsUnavailableNamingIt() throws Exception {
    int port = PackagedServer.freePort();
    try (KubernetesClient nowhere =
            new KubernetesClientBuilder()
                .withConfig(
                    new ConfigBuilder()
                        .withMasterUrl("https://127.0.0.1:" + port)
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build();
        KubernetesRuntime unreachable =
            new KubernetesRuntime(
                nowhere,
                new KubernetesRuntime.Settings("dev", Map.of(), Duration.ofSeconds(1)),
                Clock.systemUTC())) {
      assertThatThrownBy(() -> unreachable.read(tenant, Optional.empty()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
                assertThat(e.getStatus().getDescription())
                    .startsWith("the Kubernetes API server at https://127.0.0.1:" + port)
                    .contains("is unreachable");
              });
    }
  }

  static void await(List<LogRecord> records, Predicate<LogRecord> wanted) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (records.stream().anyMatch(wanted)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no such record in " + records);
  }
}
