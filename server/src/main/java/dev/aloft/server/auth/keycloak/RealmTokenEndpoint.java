package dev.aloft.server.auth.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aloft.tenant.TenantRealm;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The token endpoint of a namespace's realm: the password grant of user accounts (through the
 * realm's public client {@value TenantRealm#CLIENT_ID}), the client credentials grant of service
 * accounts (their own confidential client), refresh, and revocation.
 */
final class RealmTokenEndpoint {

  /** Tokens as the endpoint returned them. */
  record Grant(String accessToken, String refreshToken) {}

  /** A refused refresh, with Keycloak's reason. */
  static final class RefreshRefused extends Exception {
    RefreshRefused(String reason) {
      super(reason, null, false, false);
    }
  }

  private final KeycloakHttp http;

  RealmTokenEndpoint(KeycloakHttp http) {
    this.http = http;
  }

  /** The user's tokens when the password is right; empty for a wrong user, password or realm. */
  Optional<Grant> password(String namespace, String username, String password) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "password");
    form.put("client_id", TenantRealm.CLIENT_ID);
    form.put("username", username);
    form.put("password", password);
    return grant(namespace, form);
  }

  /** The service's tokens when the secret is right; empty for a wrong client, secret or realm. */
  Optional<Grant> clientCredentials(String namespace, String clientId, String clientSecret) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_id", clientId);
    form.put("client_secret", clientSecret);
    return grant(namespace, form);
  }

  /**
   * New tokens for a refresh token of this client ({@code clientSecret} for confidential clients).
   *
   * @throws RefreshRefused with Keycloak's reason when it refuses the token
   */
  Grant refresh(
      String namespace, String clientId, Optional<String> clientSecret, String refreshToken)
      throws RefreshRefused {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("client_id", clientId);
    clientSecret.ifPresent(secret -> form.put("client_secret", secret));
    form.put("refresh_token", refreshToken);
    KeycloakHttp.Response response =
        http.openIdConnect(NamespaceRealms.realm(namespace), "token", form);
    if (!response.ok()) {
      throw new RefreshRefused(response.oauthError());
    }
    return grant(response);
  }

  /**
   * Ends the session of a refresh token obtained only to check a secret; a failure changes nothing
   * for the caller, so it is ignored.
   */
  void revoke(String namespace, String clientId, Optional<String> clientSecret, String token) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", clientId);
    clientSecret.ifPresent(secret -> form.put("client_secret", secret));
    form.put("token", token);
    form.put("token_type_hint", "refresh_token");
    http.openIdConnect(NamespaceRealms.realm(namespace), "revoke", form);
  }

  private Optional<Grant> grant(String namespace, Map<String, String> form) {
    KeycloakHttp.Response response =
        http.openIdConnect(NamespaceRealms.realm(namespace), "token", form);
    // 400 invalid_grant: wrong user or password; 401 invalid_client or unauthorized_client: wrong
    // client or secret; 404: no realm for this namespace (no account was ever created in it).
    if (response.status() == 400 || response.status() == 401 || response.status() == 404) {
      return Optional.empty();
    }
    if (!response.ok()) {
      throw new IllegalStateException(
          http.name() + " refused a token request: " + response.oauthError());
    }
    return Optional.of(grant(response));
  }

  private static Grant grant(KeycloakHttp.Response response) {
    JsonNode body = response.json(JsonNode.class);
    return new Grant(body.path("access_token").asText(), body.path("refresh_token").asText(""));
  }
}
