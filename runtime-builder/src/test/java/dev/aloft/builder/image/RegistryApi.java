package dev.aloft.builder.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aloft.builder.InfraEnv;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** The registry of infra/up, read over its HTTP API (distribution v2), as a client would. */
final class RegistryApi {

  static final String MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String address;

  RegistryApi() {
    this.address = InfraEnv.require(InfraEnv.infra(), "ALOFT_REGISTRY");
  }

  /** host:port, as in image references. */
  String address() {
    return address;
  }

  /** The manifest of {@code repository} at a tag or digest. */
  JsonNode manifest(String repository, String reference) throws Exception {
    return JSON.readTree(get("/v2/" + repository + "/manifests/" + reference, MANIFEST_V2).body());
  }

  /** The digest the registry serves for {@code repository:reference}. */
  String digest(String repository, String reference) throws Exception {
    return get("/v2/" + repository + "/manifests/" + reference, MANIFEST_V2)
        .headers()
        .firstValue("Docker-Content-Digest")
        .orElseThrow();
  }

  /** The digests of a manifest's layers, bottom first. */
  List<String> layers(JsonNode manifest) {
    List<String> digests = new ArrayList<>();
    manifest.get("layers").forEach(layer -> digests.add(layer.get("digest").asText()));
    return digests;
  }

  /** The image configuration a manifest points to. */
  JsonNode config(String repository, JsonNode manifest) throws Exception {
    return JSON.readTree(blob(repository, manifest.get("config").get("digest").asText()));
  }

  byte[] blob(String repository, String digest) throws Exception {
    return get("/v2/" + repository + "/blobs/" + digest, "*/*").body();
  }

  /** The paths of the files in a gzip-compressed layer. */
  List<String> files(String repository, String layerDigest) throws Exception {
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(
            new GZIPInputStream(new ByteArrayInputStream(blob(repository, layerDigest))))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (entry.isFile()) {
          names.add(entry.getName());
        }
      }
    }
    return names;
  }

  /** Deletes the manifest {@code digest} of {@code repository} (the registry allows deletes). */
  void delete(String repository, String digest) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://" + address + "/v2/" + repository + "/manifests/" + digest))
            .DELETE()
            .timeout(Duration.ofSeconds(30))
            .build();
    int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    if (status != 202) {
      throw new IOException("DELETE of " + repository + "@" + digest + " answered " + status);
    }
  }

  private HttpResponse<byte[]> get(String path, String accept) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + address + path))
            .header("Accept", accept)
            .timeout(Duration.ofSeconds(60))
            .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + response.statusCode());
    }
    return response;
  }
}
