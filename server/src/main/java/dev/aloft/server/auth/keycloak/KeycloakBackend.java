package dev.aloft.server.auth.keycloak;

import java.time.Clock;

/**
 * The auth backend on Keycloak, assembled from its settings: one HTTP client, the realms of the
 * namespaces, the account store and the tokens.
 */
public final class KeycloakBackend {

  private final KeycloakHttp http;
  private final NamespaceRealms realms;
  private final KeycloakAccountStore accounts;
  private final KeycloakTokens tokens;

  public KeycloakBackend(KeycloakSettings settings, Clock clock) {
    this.http = new KeycloakHttp(settings);
    this.realms = new NamespaceRealms(http);
    this.accounts = new KeycloakAccountStore(http, realms);
    this.tokens = new KeycloakTokens(http, realms, accounts, clock);
  }

  public KeycloakHttp http() {
    return http;
  }

  public NamespaceRealms realms() {
    return realms;
  }

  public KeycloakAccountStore accounts() {
    return accounts;
  }

  public KeycloakTokens tokens() {
    return tokens;
  }
}
