package dev.aloft.builder.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aloft.builder.InfraEnv;
import dev.aloft.builder.LocalCluster;
import dev.aloft.builder.ServiceRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime-builder image ({@code ./mvnw -pl runtime-builder -am verify -DskipTests
 * -Daloft.k8s.skip}, also part of every {@code ./mvnw verify}) run as a Kubernetes Job on the
 * cluster of infra/k8s/up: it fetches a service from the git daemon, builds it with the image's
 * Maven (plugins from Maven Central), pushes its image, and the termination message in the pod's
 * status names the image by digest and the commit; the image then runs. The Job uses the host's
 * network, where the git daemon and the registry listen (loopback). Skipped when the cluster is not
 * up or the runtime-builder image is not in the registry.
 */
class BuildJobInClusterIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  @Test
  void aBuildJobReportsThePushedImageInItsTerminationMessage() throws Exception {
    Map<String, String> infra = InfraEnv.infra();
    String registry = InfraEnv.require(infra, "ALOFT_REGISTRY");
    String builderImage = registry + "/aloft/runtime-builder:" + projectVersion();
    LocalCluster cluster = LocalCluster.fromInfra();
    assumeTrue(cluster.isUp(), "no Kubernetes from infra/k8s/up answers");
    assumeTrue(
        exists(registry, "aloft/runtime-builder", projectVersion()),
        builderImage
            + " is not in the registry"
            + " (./mvnw -pl runtime-builder -am verify -DskipTests -Daloft.k8s.skip)");
    String namespace = "aloft-it-job-" + UUID.randomUUID().toString().substring(0, 8);
    String repository = "aloft-it/in-cluster-" + UUID.randomUUID().toString().substring(0, 8);

    try (ServiceRepository repo = ServiceRepository.create(temp, "layered")) {
      cluster.kubectl("create", "namespace", namespace);
      try {
        Path job = temp.resolve("job.json");
        Files.writeString(
            job, jobSpec(namespace, builderImage, repo.url(), registry + "/" + repository));
        cluster.kubectl("apply", "-f", job.toString());
        String message = terminationMessage(cluster, namespace);
        JsonNode result = JSON.readTree(message);
        assertThat(result.get("commit").asText()).as(message).isEqualTo(repo.head());
        String image = result.get("image").asText();
        assertThat(image).startsWith(registry + "/" + repository + "@sha256:");

        cluster.kubectl("-n", namespace, "run", "built", "--image=" + image, "--restart=Never");
        assertThat(waitForPhase(cluster, namespace, "built")).isEqualTo("Succeeded");
        assertThat(cluster.kubectl("-n", namespace, "logs", "built"))
            .isEqualTo("greetings from the layered fixture, version one");
      } finally {
        cluster.kubectl("delete", "namespace", namespace, "--wait=false");
      }
    }
  }

  private static String terminationMessage(LocalCluster cluster, String namespace)
      throws Exception {
    long deadline = System.nanoTime() + 600_000_000_000L;
    while (System.nanoTime() < deadline) {
      String message =
          cluster.kubectl(
              "-n",
              namespace,
              "get",
              "pods",
              "-l",
              "job-name=build",
              "-o",
              "jsonpath={..state.terminated.message}");
      if (!message.isBlank()) {
        return message;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("the build Job did not finish in 10 minutes");
  }

  private static String waitForPhase(LocalCluster cluster, String namespace, String pod)
      throws Exception {
    String phase = "";
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (!phase.equals("Succeeded") && !phase.equals("Failed") && System.nanoTime() < deadline) {
      Thread.sleep(500);
      phase = cluster.kubectl("-n", namespace, "get", "pod", pod, "-o", "jsonpath={.status.phase}");
    }
    return phase;
  }

  private static String jobSpec(String namespace, String builderImage, String gitUrl, String image)
      throws Exception {
    Map<String, Object> container =
        Map.of(
            "name",
            "build",
            "image",
            builderImage,
            "imagePullPolicy",
            "Always",
            "args",
            List.of("--git-url", gitUrl, "--ref", "main", "--image", image),
            "env",
            List.of(
                Map.of(
                    "name",
                    "ALOFT_BUILDER_BASE_IMAGE",
                    "value",
                    InfraEnv.require(InfraEnv.images(), "ALOFT_BUILDER_BASE_IMAGE")),
                Map.of("name", "ALOFT_BUILDER_INSECURE_REGISTRY", "value", "true")));
    Map<String, Object> job =
        Map.of(
            "apiVersion",
            "batch/v1",
            "kind",
            "Job",
            "metadata",
            Map.of("name", "build", "namespace", namespace),
            "spec",
            Map.of(
                "backoffLimit",
                0,
                "template",
                Map.of(
                    "spec",
                    Map.of(
                        "hostNetwork",
                        true,
                        "restartPolicy",
                        "Never",
                        "containers",
                        List.of(container)))));
    return JSON.writeValueAsString(job);
  }

  private static boolean exists(String registry, String repository, String tag) throws Exception {
    HttpResponse<Void> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://" + registry + "/v2/" + repository + "/manifests/" + tag))
                    .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    return response.statusCode() == 200;
  }

  private static String projectVersion() {
    return System.getProperty("aloft.version", "0.1.0-SNAPSHOT");
  }
}
