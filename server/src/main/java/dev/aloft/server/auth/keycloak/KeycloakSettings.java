package dev.aloft.server.auth.keycloak;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where Keycloak is and how Aloft logs in to its admin API.
 *
 * @param url the base URL, e.g. {@code http://127.0.0.1:8180} ({@code aloft.keycloak.url}); tokens
 *     that Keycloak issues through it name {@code <url>/realms/aloft-<namespace>} as issuer
 * @param adminRealm the realm of the admin account ({@code aloft.keycloak.admin-realm})
 * @param adminClientId the client Aloft logs in with ({@code aloft.keycloak.admin-client-id})
 * @param adminUser with {@code adminPassword}: password grant ({@code aloft.keycloak.admin-user})
 * @param adminPassword the admin's password ({@code aloft.keycloak.admin-password})
 * @param adminClientSecret instead of user and password: client credentials grant of {@code
 *     adminClientId} ({@code aloft.keycloak.admin-client-secret})
 * @param timeout how long one request to Keycloak may take ({@code aloft.keycloak.timeout})
 * @param accessTtl access token lifetime of the realms Aloft creates ({@code
 *     aloft.auth.access-token-ttl})
 * @param loginRedirectUris where the realms' {@code aloft} client may send browsers after login
 *     ({@code aloft.keycloak.login-redirect-uris})
 */
public record KeycloakSettings(
    URI url,
    String adminRealm,
    String adminClientId,
    Optional<String> adminUser,
    Optional<String> adminPassword,
    Optional<String> adminClientSecret,
    Duration timeout,
    Duration accessTtl,
    List<String> loginRedirectUris) {

  public KeycloakSettings {
    if (url == null
        || url.getHost() == null
        || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
      throw new IllegalArgumentException(
          "aloft.keycloak.url (ALOFT_KEYCLOAK_URL) must be an http:// or https:// URL such as"
              + " http://127.0.0.1:8180, got "
              + (url == null ? "none" : "'" + url + "'"));
    }
    String text = url.toString();
    url = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    adminUser = adminUser.filter(value -> !value.isBlank());
    adminPassword = adminPassword.filter(value -> !value.isEmpty());
    adminClientSecret = adminClientSecret.filter(value -> !value.isEmpty());
    if (adminClientSecret.isEmpty() && (adminUser.isEmpty() || adminPassword.isEmpty())) {
      throw new IllegalArgumentException(
          "Keycloak at "
              + url
              + " needs admin credentials: set aloft.keycloak.admin-user and"
              + " aloft.keycloak.admin-password (ALOFT_KEYCLOAK_ADMIN_USER,"
              + " ALOFT_KEYCLOAK_ADMIN_PASSWORD), or aloft.keycloak.admin-client-secret");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("aloft.keycloak.timeout must be positive, got " + timeout);
    }
    if (accessTtl.toSeconds() < 1) {
      throw new IllegalArgumentException(
          "aloft.auth.access-token-ttl must be at least 1s, got " + accessTtl);
    }
    loginRedirectUris = List.copyOf(loginRedirectUris);
  }

  /** How the admin login is described in messages. */
  String adminLogin() {
    return adminClientSecret.isPresent()
        ? "client '" + adminClientId + "' of realm '" + adminRealm + "'"
        : "user '" + adminUser.orElseThrow() + "' of realm '" + adminRealm + "'";
  }
}
