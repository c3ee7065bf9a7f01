package dev.aloft.builder.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aloft.builder.InfraEnv;
import dev.aloft.builder.ServiceRepository;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BuildJobMain run in-process as a build Job runs it: a service from the git daemon of infra/up,
 * built with the repository's ./mvnw (offline), its image pushed to the registry of infra/up on the
 * base image of infra/images/up; the termination log read back as the operator will read it.
 */
class BuildJobMainIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  private final String registry = InfraEnv.require(InfraEnv.infra(), "ALOFT_REGISTRY");
  private final String repository = "aloft-it/job-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void aServiceIsBuiltPushedAndReportedByDigest() throws Exception {
    try (ServiceRepository repo = ServiceRepository.create(temp, "layered")) {
      Job job = run(repo.url(), "main", registry + "/" + repository);

      assertThat(job.code).as(job.output).isZero();
      JsonNode message = JSON.readTree(job.message);
      assertThat(message.get("commit").asText()).isEqualTo(repo.head());
      String image = message.get("image").asText();
      assertThat(image).startsWith(registry + "/" + repository + "@sha256:");
      assertThat(servedDigest(repo.head())).isEqualTo(image.substring(image.indexOf('@') + 1));
      assertThat(job.output)
          .contains("Phase: FETCHING", "Phase: BUILDING", "Phase: DONE")
          .contains("Built " + repo.head() + " into " + image);
    }
  }

  @Test
  void aServiceThatDoesNotCompileReportsTheCompilersMessage() throws Exception {
    try (ServiceRepository repo = ServiceRepository.create(temp, "broken")) {
      Job job = run(repo.url(), "", registry + "/" + repository);

      assertThat(job.code).isEqualTo(1);
      assertThat(job.message.getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(TerminationMessage.MAX_BYTES);
      JsonNode message = JSON.readTree(job.message);
      assertThat(message.get("phase").asText()).isEqualTo("build");
      assertThat(message.get("error").asText()).contains("failed with exit code 1");
      assertThat(message.get("log").asText())
          .containsPattern("Main\\.java:\\[5,\\d+\\] ';' expected");
      assertThat(job.output).contains("Build job failed (build)");
    }
  }

  @Test
  void anUnknownRefIsAFetchFailure() throws Exception {
    try (ServiceRepository repo = ServiceRepository.create(temp, "layered")) {
      Job job = run(repo.url(), "no-such-branch", registry + "/" + repository);

      assertThat(job.code).isEqualTo(1);
      JsonNode message = JSON.readTree(job.message);
      assertThat(message.get("phase").asText()).isEqualTo("fetch");
      assertThat(message.get("error").asText())
          .startsWith("no branch or tag 'no-such-branch' in " + repo.url());
    }
  }

  private Job run(String url, String ref, String image) throws Exception {
    Path log = temp.resolve("termination-log");
    Files.deleteIfExists(log);
    Map<String, String> env = new HashMap<>(InfraEnv.images());
    env.put("ALOFT_BUILDER_MAVEN", ServiceRepository.aloftMvnw().toString());
    env.put("ALOFT_BUILDER_MAVEN_OFFLINE", "true");
    env.put("ALOFT_BUILDER_IMAGE_CACHE", temp.resolve("jib-cache").toString());
    env.put("ALOFT_BUILD_TERMINATION_LOG", log.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        BuildJobMain.run(
            List.of(
                "--git-url", url,
                "--ref", ref,
                "--image", image,
                "--work-dir", temp.resolve("work-" + UUID.randomUUID()).toString()),
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8));
    return new Job(code, Files.readString(log), out.toString(StandardCharsets.UTF_8));
  }

  private String servedDigest(String tag) throws Exception {
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
    assertThat(response.statusCode()).isEqualTo(200);
    return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
  }

  private record Job(int code, String message, String output) {}
}
