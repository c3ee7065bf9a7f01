package dev.aloft.e2e.infra;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCI registry from infra/up: Jib pushes an image to it; pulled back over the registry's HTTP
 * API, the manifest and layer have the digests Jib reported and the layer holds the file.
 */
class RegistrySmokeIT {

  private static final String MANIFEST_TYPES =
      "application/vnd.oci.image.manifest.v1+json,"
          + " application/vnd.docker.distribution.manifest.v2+json";

  private final InfraEnv infra = InfraEnv.load();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void jibPushThenPullBackTheLayer(@TempDir Path temp) throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String repository = "aloft-smoke/image-" + id;
    String content = "aloft registry smoke " + id + "\n";
    Path file = Files.writeString(temp.resolve("smoke.txt"), content);

    JibContainer pushed =
        Jib.fromScratch()
            .addLayer(List.of(file), AbsoluteUnixPath.get("/smoke"))
            .containerize(
                Containerizer.to(RegistryImage.named(infra.registry() + "/" + repository + ":v1"))
                    .setAllowInsecureRegistries(true)
                    .setBaseImageLayersCache(temp.resolve("jib-base-cache"))
                    .setApplicationLayersCache(temp.resolve("jib-app-cache")));
    String manifestDigest = pushed.getDigest().toString();
    try {
      HttpResponse<byte[]> manifest = get("/v2/" + repository + "/manifests/v1", MANIFEST_TYPES);
      assertThat(manifest.statusCode()).isEqualTo(200);
      assertThat(sha256(manifest.body())).isEqualTo(manifestDigest);
      assertThat(manifest.headers().firstValue("Docker-Content-Digest")).hasValue(manifestDigest);

      JsonNode layers = new ObjectMapper().readTree(manifest.body()).path("layers");
      assertThat(layers).hasSize(1);
      String layerDigest = layers.get(0).path("digest").asText();
      HttpResponse<byte[]> layer = get("/v2/" + repository + "/blobs/" + layerDigest, "*/*");
      assertThat(layer.statusCode()).isEqualTo(200);
      assertThat(sha256(layer.body())).isEqualTo(layerDigest);
      assertThat(fileInLayer(layer.body(), "smoke/smoke.txt")).isEqualTo(content);
    } finally {
      HttpResponse<byte[]> deleted =
          http.send(
              HttpRequest.newBuilder(
                      registryUri("/v2/" + repository + "/manifests/" + manifestDigest))
                  .DELETE()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(deleted.statusCode()).as("DELETE of the manifest").isEqualTo(202);
    }
    assertThat(get("/v2/" + repository + "/manifests/v1", MANIFEST_TYPES).statusCode())
        .isEqualTo(404);
  }

  private HttpResponse<byte[]> get(String path, String accept) throws Exception {
    return http.send(
        HttpRequest.newBuilder(registryUri(path))
            .header("Accept", accept)
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private URI registryUri(String path) {
    return URI.create("http://" + infra.registry() + path);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static String fileInLayer(byte[] gzippedTar, String name) throws Exception {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(gzippedTar)))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (entry.getName().replaceFirst("^\\./|^/", "").equals(name)) {
          return new String(tar.readAllBytes(), UTF_8);
        }
      }
    }
    throw new AssertionError("layer has no " + name);
  }
}
