package dev.aloft.builder.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aloft.builder.BuildProgress;
import dev.aloft.builder.BuildRequest;
import dev.aloft.builder.BuildResult;
import dev.aloft.builder.BuilderSettings;
import dev.aloft.builder.ImagePushException;
import dev.aloft.builder.InfraEnv;
import dev.aloft.builder.LocalCluster;
import dev.aloft.builder.ServiceBuilder;
import dev.aloft.builder.ServiceRepository;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service from the git daemon, built with the repository's ./mvnw (offline), made into an image
 * on the JRE base image of infra/images/up and pushed to the registry of infra/up; checked over the
 * registry's API: three layers on the base, entry point and environment; after a one-line change
 * only the classes layer is new; and, when infra/k8s/up runs, the image runs as a pod.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceImageIT {

  @TempDir static Path temp;

  private static ServiceRepository repo;
  private static final RegistryApi registry = new RegistryApi();
  private static final String repository =
      "aloft-it/layered-" + UUID.randomUUID().toString().substring(0, 8);
  private static PushedImage first;
  private static PushedImage second;

  private final BuilderSettings builderSettings =
      BuilderSettings.defaults()
          .withMavenCommand(List.of(ServiceRepository.aloftMvnw().toString()))
          .withMavenOffline(true);
  private final ImageSettings imageSettings =
      ImageSettings.fromEnvironment(InfraEnv.images())
          .withCacheDirectory(temp.resolve("jib-cache"));

  @BeforeAll
  static void createRepository() throws Exception {
    repo = ServiceRepository.create(temp, "layered");
  }

  @AfterAll
  static void deleteRepositoryAndImages() throws Exception {
    repo.close();
    for (PushedImage image : new PushedImage[] {first, second}) {
      if (image != null) {
        registry.delete(repository, image.digest());
      }
    }
  }

  @Test
  @Order(1)
  void theImageHasDependenciesResourcesAndClassesOnTheBase() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    first = buildAndPush(repo.head(), "build-1", lines);

    assertThat(first.repository()).isEqualTo(registry.address() + "/" + repository);
    assertThat(first.tag()).isEqualTo(repo.head());
    assertThat(first.digest()).startsWith("sha256:");
    assertThat(registry.digest(repository, repo.head())).isEqualTo(first.digest());
    assertThat(lines).anyMatch(line -> line.startsWith("Pushed " + first.reference() + " in "));

    String base = imageSettings.baseImage().orElseThrow();
    String baseRepository = base.substring(base.indexOf('/') + 1, base.lastIndexOf(':'));
    List<String> baseLayers =
        registry.layers(
            registry.manifest(baseRepository, base.substring(base.lastIndexOf(':') + 1)));
    List<String> layers = registry.layers(registry.manifest(repository, first.digest()));
    assertThat(layers).hasSize(baseLayers.size() + 3).startsWith(baseLayers.toArray(String[]::new));
    List<String> own = layers.subList(baseLayers.size(), layers.size());
    assertThat(registry.files(repository, own.get(0)))
        .containsExactly("app/libs/slf4j-api-2.0.17.jar");
    assertThat(registry.files(repository, own.get(1)))
        .containsExactly("app/resources/greeting.txt");
    assertThat(registry.files(repository, own.get(2)))
        .containsExactly("app/classes/demo/Main.class");

    JsonNode config =
        registry.config(repository, registry.manifest(repository, first.digest())).get("config");
    assertThat(texts(config.get("Entrypoint")))
        .containsExactly("java", "-cp", "/app/resources:/app/classes:/app/libs/*", "demo.Main");
    assertThat(texts(config.get("Env")))
        .contains("ALOFT_REVISION=" + repo.head())
        .anyMatch(e -> e.startsWith("PATH=") && e.contains("/usr/bin"))
        .anyMatch(e -> e.startsWith("JAVA_HOME="));
    assertThat(config.get("WorkingDir").asText()).isEqualTo("/app");
    assertThat(config.get("Labels").get("org.opencontainers.image.revision").asText())
        .isEqualTo(repo.head());
  }

  @Test
  @Order(2)
  void aOneLineChangeMakesOnlyANewClassesLayer() throws Exception {
    assumeTrue(first != null, "the first image was not pushed");
    String changed = repo.change("src/main/java/demo/Main.java", "\"one\"", "\"two\"");
    second = buildAndPush(changed, "build-2", new ArrayList<>());

    assertThat(second.tag()).isEqualTo(changed);
    assertThat(second.digest()).isNotEqualTo(first.digest());
    List<String> before = registry.layers(registry.manifest(repository, first.digest()));
    List<String> after = registry.layers(registry.manifest(repository, second.digest()));
    assertThat(after).hasSameSizeAs(before);
    int top = after.size() - 1;
    assertThat(after.subList(0, top)).isEqualTo(before.subList(0, top));
    assertThat(after.get(top)).isNotEqualTo(before.get(top));
    List<String> newBlobs = new ArrayList<>(after);
    newBlobs.removeAll(before);
    assertThat(newBlobs).containsExactly(after.get(top));
    assertThat(registry.files(repository, after.get(top)))
        .containsExactly("app/classes/demo/Main.class");
  }

  @Test
  @Order(3)
  void theImageRunsAsAPod() throws Exception {
    assumeTrue(second != null, "the second image was not pushed");
    LocalCluster cluster = LocalCluster.fromInfra();
    assumeTrue(cluster.isUp(), "no Kubernetes from infra/k8s/up answers");
    String namespace = "aloft-it-image-" + UUID.randomUUID().toString().substring(0, 8);
    cluster.kubectl("create", "namespace", namespace);
    try {
      cluster.kubectl(
          "-n", namespace, "run", "layered", "--image=" + second.reference(), "--restart=Never");
      String phase = "";
      long deadline = System.nanoTime() + 180_000_000_000L;
      while (!phase.equals("Succeeded")
          && !phase.equals("Failed")
          && System.nanoTime() < deadline) {
        Thread.sleep(500);
        phase =
            cluster.kubectl(
                "-n", namespace, "get", "pod", "layered", "-o", "jsonpath={.status.phase}");
      }
      assertThat(phase).as("phase of the pod").isEqualTo("Succeeded");
      assertThat(cluster.kubectl("-n", namespace, "logs", "layered"))
          .isEqualTo("greetings from the layered fixture, version two");
      assertThat(
              cluster.kubectl(
                  "-n",
                  namespace,
                  "get",
                  "pod",
                  "layered",
                  "-o",
                  "jsonpath={.status.containerStatuses[0].imageID}"))
          .endsWith(second.digest());
    } finally {
      cluster.kubectl("delete", "namespace", namespace, "--wait=false");
    }
  }

  @Test
  void aMissingBaseImageIsNamed() throws Exception {
    BuildResult built = build(repo.head(), "build-missing-base");
    ServiceImage images =
        new ServiceImage(
            builderSettings,
            imageSettings.withBaseImage(registry.address() + "/aloft-it/no-such-base:17"));
    assertThatThrownBy(
            () ->
                images.push(
                    built,
                    registry.address() + "/" + repository,
                    Optional.empty(),
                    BuildProgress.NONE))
        .isInstanceOf(ImagePushException.class)
        .hasMessageStartingWith(
            "cannot make image " + registry.address() + "/" + repository + ":" + repo.head())
        .hasMessageContaining("aloft-it/no-such-base");
  }

  @Test
  void aPlainHttpRegistryNeedsTheInsecureSetting() throws Exception {
    BuildResult built = build(repo.head(), "build-secure");
    ServiceImage images =
        new ServiceImage(builderSettings, imageSettings.withAllowInsecureRegistries(false));
    assertThatThrownBy(
            () ->
                images.push(
                    built,
                    registry.address() + "/" + repository,
                    Optional.empty(),
                    BuildProgress.NONE))
        .isInstanceOf(ImagePushException.class)
        .hasMessageContaining("ALOFT_BUILDER_INSECURE_REGISTRY=true");
  }

  private PushedImage buildAndPush(String commit, String dir, List<String> lines) throws Exception {
    BuildResult built = build(commit, dir);
    assertThat(built.commit()).contains(commit);
    BuildProgress progress =
        new BuildProgress() {
          @Override
          public void phase(dev.aloft.builder.BuildPhase phase) {}

          @Override
          public void output(String line) {
            lines.add(line);
          }
        };
    return new ServiceImage(builderSettings, imageSettings)
        .push(built, registry.address() + "/" + repository, Optional.empty(), progress);
  }

  private BuildResult build(String commit, String dir) throws Exception {
    return new ServiceBuilder(builderSettings)
        .build(
            new BuildRequest(repo.url() + "@" + commit, Optional.empty(), true, temp.resolve(dir)),
            BuildProgress.NONE);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }
}
