package dev.aloft.operator;

import static dev.aloft.operator.OperatorIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.crds.v1alpha1.AloftService;
import dev.aloft.crds.v1alpha1.AloftServiceSpec;
import dev.aloft.crds.v1alpha1.Condition;
import dev.aloft.crds.v1alpha1.ConditionStatus;
import dev.aloft.crds.v1alpha1.Environment;
import dev.aloft.crds.v1alpha1.EnvironmentSpec;
import dev.aloft.crds.v1alpha1.ImageRegistry;
import dev.aloft.crds.v1alpha1.ServiceSource;
import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.crds.v1alpha1.TenantSpec;
import dev.aloft.operator.cluster.LocalCluster;
import dev.aloft.operator.service.ServiceBuildJobs;
import dev.aloft.operator.service.ServiceReconciler;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Builds in the cluster: a service with spec.source pointing at the git daemon of infra/up is built
 * by a Job of the runtime-builder image in the tenant's namespace, its image pushed to the local
 * registry and deployed by digest (Built True, status.image, status.revision, the Deployment on
 * that digest); a ref at a commit that does not compile gives Built False with the compiler's
 * message while the Deployment keeps the old digest; a ref at a new commit that compiles rolls the
 * Deployment over to its digest. The operator in this test reconciles only resources labelled
 * {@value #LABEL}=sb, so it leaves other tests' resources alone.
 */
@QuarkusTest
@TestProfile(SourceBuildIT.OwnResources.class)
@QuarkusTestResource(value = LocalCluster.class, restrictToAnnotatedClass = true)
class SourceBuildIT {

  static final String LABEL = "aloft.dev/test";
  static final String TENANT = "sb-build";
  static final String NAMESPACE = "aloft-" + TENANT;
  static final String ENVIRONMENT = "sb-dev";
  static final String REGISTRY = "127.0.0.1:5000/aloft-it";

  /** Only this test's tenant, environment and services. */
  public static class OwnResources implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.operator-sdk.controllers.tenant.selector", LABEL + "=sb",
          "quarkus.operator-sdk.controllers.environment.selector", LABEL + "=sb",
          "quarkus.operator-sdk.controllers.service.selector", LABEL + "=sb");
    }
  }

  @Inject KubernetesClient client;

  @Test
  void aServiceIsBuiltFromGitDeployedByDigestAndABrokenCommitKeepsTheOldRevision()
      throws Exception {
    cleanUp();
    Path repo = pushFixture();
    String good = git(repo, "rev-parse", "HEAD");
    Path main = repo.resolve("src/main/java/demo/Main.java");
    String source = Files.readString(main);
    Files.writeString(
        main, source.replace("port);\n", "port) // no semicolon: does not compile\n"));
    git(repo, "commit", "-qam", "Break the build");
    String broken = git(repo, "rev-parse", "HEAD");
    git(repo, "push", "-q", "origin", "HEAD:refs/heads/broken");
    String url = LocalCluster.infraEnv().get("ALOFT_GIT_BASE_URL") + "/" + repo.getFileName();

    client.resource(environment()).create();
    Tenant tenant = new Tenant();
    tenant.setMetadata(new ObjectMetaBuilder().withName(TENANT).addToLabels(LABEL, "sb").build());
    tenant.setSpec(new TenantSpec());
    client.resource(tenant).create();
    await(
        "tenant Ready",
        () -> OperatorIT.ready(client.resources(Tenant.class).withName(TENANT).get()));

    AloftService service = new AloftService();
    service.setMetadata(
        new ObjectMetaBuilder()
            .withName("listener")
            .withNamespace(NAMESPACE)
            .addToLabels(LABEL, "sb")
            .build());
    AloftServiceSpec spec = new AloftServiceSpec();
    spec.setEnvironment(ENVIRONMENT);
    spec.setSource(new ServiceSource(url, good, null, null));
    service.setSpec(spec);
    client.resource(service).create();

    awaitLong("listener built and Ready", () -> OperatorIT.ready(listener()));
    AloftService ready = listener();
    String image = ready.getStatus().getImage();
    assertThat(image).matches(REGISTRY + "/" + TENANT + "/listener@sha256:[0-9a-f]{64}");
    assertThat(ready.getStatus().getRevision()).isEqualTo(good);
    assertThat(condition(ready, ServiceReconciler.BUILT).getStatus())
        .isEqualTo(ConditionStatus.TRUE);
    assertThat(condition(ready, ServiceReconciler.SOURCE_FETCHED).getMessage()).contains(good);
    assertThat(deploymentImage()).isEqualTo(image);
    var jobs =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(NAMESPACE)
            .withLabel(ServiceBuildJobs.BUILD_OF, "listener")
            .list()
            .getItems();
    assertThat(jobs).hasSize(1);
    assertThat(jobs.get(0).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("127.0.0.1:5000/aloft/runtime-builder:0.1.0-SNAPSHOT");

    // A commit that does not compile: Built False with the compiler's message, the old digest
    // keeps serving.
    AloftService toBroken = listener();
    toBroken.getSpec().getSource().setRef(broken);
    client.resource(toBroken).update();
    awaitLong(
        "Built False for the broken commit",
        () -> {
          AloftService s = listener();
          Condition built = condition(s, ServiceReconciler.BUILT);
          return built != null
              && built.getStatus() == ConditionStatus.FALSE
              && s.getStatus().getObservedGeneration() == s.getMetadata().getGeneration();
        });
    AloftService failed = listener();
    Condition built = condition(failed, ServiceReconciler.BUILT);
    assertThat(built.getReason()).isEqualTo("BuildFailed");
    assertThat(built.getMessage()).contains("Main.java").contains("';' expected");
    assertThat(failed.getStatus().getImage()).isEqualTo(image);
    assertThat(failed.getStatus().getRevision()).isEqualTo(good);
    assertThat(deploymentImage()).isEqualTo(image);
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName("listener")
                .get()
                .getStatus()
                .getReadyReplicas())
        .isEqualTo(1);
    // the older build's Job is gone once the new one has finished
    await(
        "one build Job left",
        () ->
            client
                    .batch()
                    .v1()
                    .jobs()
                    .inNamespace(NAMESPACE)
                    .withLabel(ServiceBuildJobs.BUILD_OF, "listener")
                    .list()
                    .getItems()
                    .size()
                == 1);

    // A new commit that compiles: a new build, and the Deployment rolls over to its digest.
    Files.writeString(main, source.replace("version one", "version two"));
    git(repo, "commit", "-qam", "Version two");
    String fixed = git(repo, "rev-parse", "HEAD");
    git(repo, "push", "-q", "origin", "HEAD:refs/heads/fixed");
    AloftService toFixed = listener();
    toFixed.getSpec().getSource().setRef(fixed);
    client.resource(toFixed).update();
    awaitLong(
        "listener Ready on the new commit",
        () -> {
          AloftService s = listener();
          return OperatorIT.ready(s) && fixed.equals(s.getStatus().getRevision());
        });
    String image2 = listener().getStatus().getImage();
    assertThat(image2)
        .matches(REGISTRY + "/" + TENANT + "/listener@sha256:[0-9a-f]{64}")
        .isNotEqualTo(image);
    assertThat(deploymentImage()).isEqualTo(image2);

    // the operator runs the finalizers before it stops
    client.resource(listener()).delete();
    await("listener gone", () -> listener() == null);
    cleanUp();
    deleteTree(repo);
    deleteTree(
        Path.of(LocalCluster.infraEnv().get("ALOFT_GIT_REPOS_DIR")).resolve(repo.getFileName()));
  }

  private AloftService listener() {
    return client.resources(AloftService.class).inNamespace(NAMESPACE).withName("listener").get();
  }

  private String deploymentImage() {
    return client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName("listener")
        .get()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }

  private static Condition condition(AloftService service, String type) {
    if (service == null
        || service.getStatus() == null
        || service.getStatus().getConditions() == null) {
      return null;
    }
    return service.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElse(null);
  }

  private static Environment environment() {
    Environment environment = new Environment();
    environment.setMetadata(
        new ObjectMetaBuilder().withName(ENVIRONMENT).addToLabels(LABEL, "sb").build());
    EnvironmentSpec spec = new EnvironmentSpec();
    spec.setImageRegistry(new ImageRegistry(REGISTRY, null, true));
    spec.setDefaultReplicas(1);
    spec.setAllowedTenants(List.of(TENANT));
    environment.setSpec(spec);
    return environment;
  }

  private void cleanUp() {
    client.resources(Tenant.class).withName(TENANT).delete();
    client.resources(Environment.class).withName(ENVIRONMENT).delete();
    await(
        "previous run's namespace gone",
        () -> client.namespaces().withName(NAMESPACE).get() == null);
  }

  /**
   * A bare repository in the git daemon's folder holding the listener fixture on main, pushed from
   * a work tree; the work tree, whose origin is the bare repository.
   */
  private static Path pushFixture() throws Exception {
    Path repos = Path.of(LocalCluster.infraEnv().get("ALOFT_GIT_REPOS_DIR"));
    String name = "sb-listener-" + UUID.randomUUID().toString().substring(0, 8) + ".git";
    Path bare = repos.resolve(name);
    git(repos, "init", "-q", "--bare", "--initial-branch=main", name);
    // the work tree's folder has the bare repository's name, from which the test derives the URL
    Path work = Files.createDirectories(Files.createTempDirectory("sb").resolve(name));
    Path fixture = Path.of("src/test/resources/fixtures/listener");
    try (Stream<Path> files = Files.walk(fixture)) {
      for (Path file : files.toList()) {
        Path target = work.resolve(fixture.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    git(work, "init", "-q", "--initial-branch=main");
    git(work, "add", ".");
    git(work, "commit", "-qm", "Add the listener");
    git(work, "remote", "add", "origin", bare.toString());
    git(work, "push", "-q", "origin", "main");
    return work;
  }

  /** Waits up to 12 minutes: a build downloads Maven's plugins. */
  static void awaitLong(String what, java.util.function.Supplier<Boolean> check) {
    java.time.Instant deadline = java.time.Instant.now().plus(java.time.Duration.ofMinutes(12));
    while (true) {
      try {
        if (Boolean.TRUE.equals(check.get())) {
          return;
        }
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        // not there yet
      }
      if (java.time.Instant.now().isAfter(deadline)) {
        throw new AssertionError("gave up waiting for: " + what);
      }
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what);
      }
    }
  }

  private static String git(Path dir, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "git",
                "-c",
                "user.name=Aloft Test",
                "-c",
                "user.email=test@aloft.dev",
                "-c",
                "commit.gpgsign=false"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
