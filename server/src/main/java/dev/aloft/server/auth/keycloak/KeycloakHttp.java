package dev.aloft.server.auth.keycloak;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aloft.server.auth.BackendUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Keycloak's HTTP API as Aloft uses it: the admin REST API (with an admin token obtained and
 * renewed here) and the OpenID Connect endpoints of realms. Plain HTTP/1.1 with JSON; a Keycloak
 * that cannot be reached, or answers with a server error, is a {@link BackendUnavailableException}
 * naming it.
 */
public final class KeycloakHttp {

  static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** A renewed admin token is fetched when the current one has less than this left. */
  private static final Duration ADMIN_TOKEN_MARGIN = Duration.ofSeconds(15);

  /** An HTTP answer: status, body and the Location header when there is one. */
  public record Response(int status, String body, Optional<String> location) {

    boolean ok() {
      return status / 100 == 2;
    }

    <T> T json(Class<T> type) {
      try {
        return JSON.readValue(body, type);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Keycloak answered unreadable JSON: " + e.getMessage(), e);
      }
    }

    <T> T json(TypeReference<T> type) {
      try {
        return JSON.readValue(body, type);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Keycloak answered unreadable JSON: " + e.getMessage(), e);
      }
    }

    /** The OAuth error of a failed token request, with its description when there is one. */
    String oauthError() {
      try {
        JsonNode error = JSON.readTree(body);
        String code = error.path("error").asText("HTTP " + status);
        String description = error.path("error_description").asText("");
        return description.isEmpty() ? code : code + ": " + description;
      } catch (JsonProcessingException e) {
        return "HTTP " + status;
      }
    }
  }

  private final KeycloakSettings settings;
  private final HttpClient client;
  private String adminToken;
  private long adminTokenExpiresAtNanos;

  public KeycloakHttp(KeycloakSettings settings) {
    this.settings = settings;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public KeycloakSettings settings() {
    return settings;
  }

  /** "Keycloak at http://...", as messages name it. */
  public String name() {
    return "Keycloak at " + settings.url();
  }

  /** A call of the admin REST API; {@code body} is sent as JSON when not null. */
  public Response admin(String method, String path, Object body) {
    Response response = send(adminRequest(method, path, body, currentAdminToken()));
    if (response.status() == 401) {
      forgetAdminToken();
      response = send(adminRequest(method, path, body, currentAdminToken()));
    }
    return response;
  }

  /** A form POST to an OpenID Connect endpoint of a realm, e.g. {@code token}. */
  public Response openIdConnect(String realm, String endpoint, Map<String, String> form) {
    return send(
        HttpRequest.newBuilder(uri("/realms/" + realm + "/protocol/openid-connect/" + endpoint))
            .timeout(settings.timeout())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(formBody(form))));
  }

  /** A GET without authentication, e.g. a realm's published keys. */
  public Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(settings.timeout()).GET());
  }

  /**
   * Logs in to the admin API unless a valid admin token is at hand: the check a starting server
   * makes.
   */
  public void checkAdminLogin() {
    currentAdminToken();
  }

  private HttpRequest.Builder adminRequest(String method, String path, Object body, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(settings.timeout())
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
    if (body == null) {
      return request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      return request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a Keycloak request: " + e.getMessage(), e);
    }
  }

  private synchronized String currentAdminToken() {
    if (adminToken != null
        && adminTokenExpiresAtNanos - System.nanoTime() > ADMIN_TOKEN_MARGIN.toNanos()) {
      return adminToken;
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", settings.adminClientId());
    if (settings.adminClientSecret().isPresent()) {
      form.put("grant_type", "client_credentials");
      form.put("client_secret", settings.adminClientSecret().get());
    } else {
      form.put("grant_type", "password");
      form.put("username", settings.adminUser().orElseThrow());
      form.put("password", settings.adminPassword().orElseThrow());
    }
    long requestedAt = System.nanoTime();
    Response response = openIdConnect(settings.adminRealm(), "token", form);
    if (!response.ok()) {
      throw new BackendUnavailableException(
          name()
              + " refused the admin login of "
              + settings.adminLogin()
              + " ("
              + response.oauthError()
              + "); check aloft.keycloak.admin-user and aloft.keycloak.admin-password"
              + " (ALOFT_KEYCLOAK_ADMIN_USER, ALOFT_KEYCLOAK_ADMIN_PASSWORD)");
    }
    JsonNode token;
    try {
      token = JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new BackendUnavailableException(name() + " answered the admin login unreadably", e);
    }
    adminToken = token.path("access_token").asText();
    adminTokenExpiresAtNanos =
        requestedAt + Duration.ofSeconds(token.path("expires_in").asLong(60)).toNanos();
    return adminToken;
  }

  private synchronized void forgetAdminToken() {
    adminToken = null;
  }

  private Response send(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    HttpResponse<String> response;
    try {
      response = client.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new BackendUnavailableException(
          name() + " is unreachable (" + reason(e) + "); is it running?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendUnavailableException(name() + ": interrupted while waiting for it", e);
    }
    if (response.statusCode() >= 500) {
      throw new BackendUnavailableException(
          name()
              + " failed with HTTP "
              + response.statusCode()
              + " on "
              + built.method()
              + " "
              + built.uri().getPath());
    }
    return new Response(
        response.statusCode(), response.body(), response.headers().firstValue("Location"));
  }

  private URI uri(String path) {
    return URI.create(settings.url() + path);
  }

  private static String formBody(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            entry ->
                URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static String reason(IOException e) {
    String type = e.getClass().getSimpleName();
    if (e instanceof java.net.ConnectException) {
      return "connection refused";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "no answer within the timeout, aloft.keycloak.timeout";
    }
    return e.getMessage() == null ? type : type + ": " + e.getMessage();
  }
}
