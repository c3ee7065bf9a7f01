package dev.aloft.operator.environment;

import dev.aloft.crds.v1alpha1.ImageRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks an image registry's API base ({@code /v2/}) whether it answers: 200, or 401 (credentials
 * needed), means it is there.
 */
@ApplicationScoped
public class RegistryProbe {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Null when the registry answers; otherwise what went wrong. */
  public String problem(ImageRegistry registry) {
    String repository = registry.getRepository();
    int slash = repository.indexOf('/');
    String host = slash < 0 ? repository : repository.substring(0, slash);
    String scheme = Boolean.TRUE.equals(registry.getInsecure()) ? "http" : "https";
    URI uri = URI.create(scheme + "://" + host + "/v2/");
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      int code = response.statusCode();
      return code == 200 || code == 401 ? null : uri + " answered HTTP " + code;
    } catch (IOException e) {
      return uri + ": " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return uri + ": interrupted";
    }
  }
}
