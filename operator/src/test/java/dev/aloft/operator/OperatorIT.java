package dev.aloft.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.crds.v1alpha1.AloftService;
import dev.aloft.crds.v1alpha1.AloftServiceSpec;
import dev.aloft.crds.v1alpha1.Condition;
import dev.aloft.crds.v1alpha1.ConditionStatus;
import dev.aloft.crds.v1alpha1.Environment;
import dev.aloft.crds.v1alpha1.EnvironmentSpec;
import dev.aloft.crds.v1alpha1.ImageRegistry;
import dev.aloft.crds.v1alpha1.Promotion;
import dev.aloft.crds.v1alpha1.ServiceEnvVar;
import dev.aloft.crds.v1alpha1.ServiceSource;
import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.crds.v1alpha1.TenantSpec;
import dev.aloft.operator.cluster.LocalCluster;
import dev.aloft.operator.cluster.TestImages;
import dev.aloft.operator.service.ServiceReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

/**
 * The operator, in process, against the local single-node cluster and Keycloak: a tenant gets its
 * objects and realm, a service from the local registry becomes Ready with running pods, an image
 * change rolls out, refusals name the field, and deleting the tenant removes everything.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalCluster.class, restrictToAnnotatedClass = true)
class OperatorIT {

  static final String TENANT = "it-acme";
  static final String NAMESPACE = "aloft-" + TENANT;
  static final String DEV = "it-dev";
  static final String PROD = "it-prod";
  static final String STAGE = "it-stage";
  static final String PLATFORM = "aloft-system";
  static final String PULL_SECRET = "it-registry";
  static final String REGISTRY = "127.0.0.1:5000/aloft-it";
  static final Duration PATIENCE = Duration.ofMinutes(4);

  @Inject KubernetesClient client;
  @Inject Keycloak keycloak;

  @Test
  void tenantAndServiceLifecycle() throws Exception {
    cleanUp();
    String v1 = TestImages.push(REGISTRY + "/echo:v1", "v1");
    String v2 = TestImages.push(REGISTRY + "/echo:v2", "v2");

    String dockerConfig = registryCredentials();
    Environment dev = environment(DEV, List.of(TENANT), 1);
    dev.getSpec().getImageRegistry().setCredentialsSecret(PULL_SECRET);
    client.resource(dev).create();
    client.resource(environment(PROD, List.of("someone-else"), 2)).create();
    client.resource(environment(STAGE, List.of(TENANT), 1)).create();
    Tenant tenant = new Tenant();
    tenant.setMetadata(new ObjectMetaBuilder().withName(TENANT).build());
    tenant.setSpec(new TenantSpec());
    client.resource(tenant).create();

    // The tenant: Ready, and every object it gets, owned by it.
    await("tenant Ready", () -> ready(client.resources(Tenant.class).withName(TENANT).get()));
    var ns = client.namespaces().withName(NAMESPACE).get();
    assertThat(ns.getMetadata().getLabels()).containsEntry("aloft.dev/tenant", TENANT);
    assertThat(ns.getMetadata().getOwnerReferences())
        .anySatisfy(o -> assertThat(o.getKind()).isEqualTo("Namespace"));
    var quota = client.resourceQuotas().inNamespace(NAMESPACE).withName("aloft-quota").get();
    assertThat(quota.getSpec().getHard()).containsKeys("requests.cpu", "pods");
    assertThat(client.limitRanges().inNamespace(NAMESPACE).withName("aloft-limits").get())
        .isNotNull();
    assertThat(client.network().v1().networkPolicies().inNamespace(NAMESPACE).list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "aloft-default-deny",
            "aloft-allow-from-tenant",
            "aloft-allow-from-platform",
            "aloft-allow-egress");
    assertThat(client.serviceAccounts().inNamespace(NAMESPACE).withName("aloft-tenant-admin").get())
        .isNotNull();
    assertThat(
            client
                .rbac()
                .roleBindings()
                .inNamespace(NAMESPACE)
                .withName("aloft-tenant-admin")
                .get())
        .isNotNull();
    assertThat(keycloak.realm(NAMESPACE).clients().findByClientId("aloft")).hasSize(1);

    // A service from the local registry, its image named relative to the environment's registry.
    AloftService echo = service("echo", DEV);
    echo.getSpec().setImage("echo:v1");
    echo.getSpec().setEnv(List.of(ServiceEnvVar.literal("GREETING", "hello")));
    client.resource(echo).create();
    await("echo Ready on v1", () -> runs("echo", v1));
    Deployment deployment =
        client.apps().deployments().inNamespace(NAMESPACE).withName("echo").get();
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo(REGISTRY + "/echo:v1");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(container.getEnv())
        .extracting(e -> e.getName())
        .contains(
            "ALOFT_SERVICE",
            "ALOFT_NAMESPACE",
            "ALOFT_SERVER",
            "ALOFT_ACCOUNT_ID",
            "ALOFT_ACCOUNT_SECRET",
            "ALOFT_ADVERTISE_HOST",
            "ALOFT_VERSION",
            "GREETING");
    assertThat(container.getEnv())
        .filteredOn(e -> e.getName().equals("ALOFT_SERVER"))
        .extracting(e -> e.getValue())
        .containsExactly("aloft-server." + PLATFORM + ".svc:8081");
    // the environment's registry credentials, copied next to the service, pull its image
    assertThat(deployment.getSpec().getTemplate().getSpec().getImagePullSecrets())
        .extracting(r -> r.getName())
        .containsExactly("echo-registry-credentials");
    var pullSecret =
        client.secrets().inNamespace(NAMESPACE).withName("echo-registry-credentials").get();
    assertThat(pullSecret.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
    assertThat(pullSecret.getData()).containsEntry(".dockerconfigjson", dockerConfig);
    // the pod got the contract: its own IP to advertise, its account id
    var pod =
        client
            .pods()
            .inNamespace(NAMESPACE)
            .withLabel("aloft.dev/service", "echo")
            .list()
            .getItems()
            .stream()
            .filter(p -> "Running".equals(p.getStatus().getPhase()))
            .findFirst()
            .orElseThrow();
    await(
        "echo logs its contract",
        () ->
            client
                .pods()
                .inNamespace(NAMESPACE)
                .withName(pod.getMetadata().getName())
                .getLog()
                .contains(
                    "as echo in "
                        + TENANT
                        + " at "
                        + pod.getStatus().getPodIP()
                        + " account echo version v1"));
    assertThat(container.getReadinessProbe().getTcpSocket().getPort().getStrVal())
        .isEqualTo("grpc");
    assertThat(client.services().inNamespace(NAMESPACE).withName("echo").get()).isNotNull();
    assertThat(client.secrets().inNamespace(NAMESPACE).withName("echo-aloft-credentials").get())
        .isNotNull();
    assertThat(
            client
                .pods()
                .inNamespace(NAMESPACE)
                .withLabel("aloft.dev/service", "echo")
                .list()
                .getItems())
        .anySatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));
    assertThat(keycloak.realm(NAMESPACE).clients().findByClientId("service-echo")).hasSize(1);

    // A change rolls out.
    client
        .resources(AloftService.class)
        .inNamespace(NAMESPACE)
        .withName("echo")
        .edit(
            s -> {
              s.getSpec().setImage("echo:v2");
              return s;
            });
    await("echo Ready on v2", () -> runs("echo", v2));
    await(
        "v1 pods gone",
        () ->
            client
                .pods()
                .inNamespace(NAMESPACE)
                .withLabel("aloft.dev/service", "echo")
                .list()
                .getItems()
                .stream()
                .allMatch(p -> p.getSpec().getContainers().get(0).getImage().endsWith(":v2")));

    // Promotion: a service in another environment runs exactly the digest echo runs in dev.
    AloftService promoted = service("echo-stage", STAGE);
    promoted.getSpec().setPromotion(new Promotion(DEV, "echo", v2));
    client.resource(promoted).create();
    await("echo-stage Ready on echo's v2 digest", () -> runs("echo-stage", v2));
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName("echo-stage")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .isEqualTo(REGISTRY + "/echo@" + v2);
    var echoEvents = eventReasons("echo");
    // one event per status change, its reason the summary: rolling out, then all hold
    assertThat(echoEvents).contains("RollingOut", "AllConditionsHold");

    // Refusals name the field.
    AloftService refused = service("refused", PROD);
    refused.getSpec().setImage("echo:v1");
    client.resource(refused).create();
    Condition allowed =
        awaitCondition("refused", ServiceReconciler.ENVIRONMENT_ALLOWED, ConditionStatus.FALSE);
    assertThat(allowed.getMessage()).contains("spec.environment").contains(TENANT);
    await(
        "refused has a Warning event",
        () -> eventReasons("refused").contains("EnvironmentNotAllowed"));

    // From a git host that does not exist: its build Job cannot fetch (SourceBuildIT builds).
    AloftService fromGit = service("from-git", DEV);
    ServiceSource source = new ServiceSource();
    source.setGit("https://git.example/acme/shop.git");
    fromGit.getSpec().setSource(source);
    client.resource(fromGit).create();
    Condition fetched =
        awaitCondition("from-git", ServiceReconciler.SOURCE_FETCHED, ConditionStatus.FALSE);
    assertThat(fetched.getReason()).isEqualTo("FetchFailed");
    assertThat(fetched.getMessage()).contains("failed (fetch)").contains("git.example");

    AloftService negative = service("negative", DEV);
    negative.getSpec().setImage("echo:v1");
    negative.getSpec().setReplicas(-1);
    assertThatThrownBy(() -> client.resource(negative).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.replicas");

    // The environment counts the services that name it.
    await(
        "dev counts 2 services, 1 ready",
        () -> {
          var status = client.resources(Environment.class).withName(DEV).get().getStatus();
          return status != null
              && Integer.valueOf(2).equals(status.getServices())
              && Integer.valueOf(1).equals(status.getReadyServices());
        });

    // Deleting the tenant deletes everything of it.
    client.resources(Tenant.class).withName(TENANT).delete();
    await("namespace gone", () -> client.namespaces().withName(NAMESPACE).get() == null);
    await(
        "realm gone",
        () -> keycloak.realms().findAll().stream().noneMatch(r -> r.getRealm().equals(NAMESPACE)));
    await("tenant gone", () -> client.resources(Tenant.class).withName(TENANT).get() == null);
  }

  /** Reasons of the Events about service {@code name} (this run's, by uid). */
  private List<String> eventReasons(String name) {
    String uid =
        client
            .resources(AloftService.class)
            .inNamespace(NAMESPACE)
            .withName(name)
            .get()
            .getMetadata()
            .getUid();
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> uid.equals(e.getInvolvedObject().getUid()))
        .map(e -> e.getReason())
        .toList();
  }

  /**
   * A kubernetes.io/dockerconfigjson Secret in the platform's namespace for the local registry
   * (which asks for no credentials, so any do); its .dockerconfigjson, base64.
   */
  private String registryCredentials() {
    if (client.namespaces().withName(PLATFORM).get() == null) {
      try {
        client
            .namespaces()
            .resource(
                new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                    .withNewMetadata()
                    .withName(PLATFORM)
                    .addToLabels("aloft.dev/platform", "true")
                    .endMetadata()
                    .build())
            .create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    String json = "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"aXQ6aXQ=\"}}}";
    String data =
        java.util.Base64.getEncoder()
            .encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    client.secrets().inNamespace(PLATFORM).withName(PULL_SECRET).delete();
    await(
        "old pull secret gone",
        () -> client.secrets().inNamespace(PLATFORM).withName(PULL_SECRET).get() == null);
    client
        .secrets()
        .inNamespace(PLATFORM)
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName(PULL_SECRET)
                .withNamespace(PLATFORM)
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .addToData(".dockerconfigjson", data)
                .build())
        .create();
    return data;
  }

  private void cleanUp() {
    client.resources(Tenant.class).withName(TENANT).delete();
    client.resources(Environment.class).withName(DEV).delete();
    client.resources(Environment.class).withName(PROD).delete();
    client.resources(Environment.class).withName(STAGE).delete();
    await(
        "previous run's namespace gone",
        () -> client.namespaces().withName(NAMESPACE).get() == null);
  }

  private boolean runs(String name, String digest) {
    AloftService s =
        client.resources(AloftService.class).inNamespace(NAMESPACE).withName(name).get();
    return ready(s)
        && s.getStatus().getImage() != null
        && s.getStatus().getImage().endsWith("@" + digest);
  }

  private Condition awaitCondition(String service, String type, ConditionStatus status) {
    await(service + " " + type + "=" + status, () -> condition(service, type, status) != null);
    return condition(service, type, status);
  }

  private Condition condition(String service, String type, ConditionStatus status) {
    AloftService s =
        client.resources(AloftService.class).inNamespace(NAMESPACE).withName(service).get();
    if (s == null || s.getStatus() == null || s.getStatus().getConditions() == null) {
      return null;
    }
    return s.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type) && c.getStatus() == status)
        .findFirst()
        .orElse(null);
  }

  static boolean ready(HasMetadata resource) {
    if (resource == null) {
      return false;
    }
    List<Condition> conditions = null;
    if (resource instanceof Tenant t && t.getStatus() != null) {
      conditions = t.getStatus().getConditions();
    } else if (resource instanceof AloftService s && s.getStatus() != null) {
      conditions = s.getStatus().getConditions();
    }
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus() == ConditionStatus.TRUE);
  }

  static Environment environment(String name, List<String> allowedTenants, int replicas) {
    Environment environment = new Environment();
    environment.setMetadata(new ObjectMetaBuilder().withName(name).build());
    EnvironmentSpec spec = new EnvironmentSpec();
    spec.setImageRegistry(new ImageRegistry(REGISTRY, null, true));
    spec.setDefaultReplicas(replicas);
    spec.setDomain(name + ".aloft.test");
    spec.setAllowedTenants(allowedTenants);
    environment.setSpec(spec);
    return environment;
  }

  static AloftService service(String name, String environment) {
    AloftService service = new AloftService();
    service.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    AloftServiceSpec spec = new AloftServiceSpec();
    spec.setEnvironment(environment);
    service.setSpec(spec);
    return service;
  }

  static void await(String what, Supplier<Boolean> check) {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (true) {
      try {
        if (Boolean.TRUE.equals(check.get())) {
          return;
        }
      } catch (KubernetesClientException e) {
        // not there yet
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("gave up waiting for: " + what);
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what);
      }
    }
  }
}
