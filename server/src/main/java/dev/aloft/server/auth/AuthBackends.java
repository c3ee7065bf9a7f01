package dev.aloft.server.auth;

import dev.aloft.server.auth.keycloak.KeycloakBackend;
import dev.aloft.server.auth.keycloak.KeycloakSettings;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses where accounts live and who issues and verifies tokens: {@code
 * aloft.auth.backend=embedded} (the server's database and key pair, the default) or {@code
 * keycloak} (a realm per namespace on the Keycloak at {@code aloft.keycloak.url}). Rules stay
 * Aloft's own either way ({@link RuleStore}).
 */
@ApplicationScoped
public class AuthBackends {

  static final String EMBEDDED = "embedded";
  static final String KEYCLOAK = "keycloak";

  private final String backend;
  private final Instance<EmbeddedAccountStore> embeddedAccounts;
  private final Instance<LocalKeyTokens> localTokens;
  private final Config config;
  private KeycloakBackend keycloak;

  @Inject
  public AuthBackends(
      @ConfigProperty(name = "aloft.auth.backend", defaultValue = EMBEDDED) String backend,
      Instance<EmbeddedAccountStore> embeddedAccounts,
      Instance<LocalKeyTokens> localTokens,
      Config config) {
    if (!EMBEDDED.equals(backend) && !KEYCLOAK.equals(backend)) {
      throw new ConfigurationException(
          "aloft server: aloft.auth.backend (ALOFT_AUTH_BACKEND): '"
              + backend
              + "' is not an auth backend; use embedded or keycloak");
    }
    this.backend = backend;
    this.embeddedAccounts = embeddedAccounts;
    this.localTokens = localTokens;
    this.config = config;
  }

  @Produces
  @ApplicationScoped
  AccountStore accountStore() {
    return KEYCLOAK.equals(backend) ? keycloak().accounts() : embeddedAccounts.get();
  }

  @Produces
  @ApplicationScoped
  TokenIssuer tokenIssuer() {
    return KEYCLOAK.equals(backend) ? keycloak().tokens() : localTokens.get();
  }

  @Produces
  @ApplicationScoped
  TokenVerifier tokenVerifier() {
    return KEYCLOAK.equals(backend) ? keycloak().tokens() : localTokens.get();
  }

  /** What a starting server checks: the chosen backend answers (Keycloak: the admin login). */
  void checkReachable() {
    if (KEYCLOAK.equals(backend)) {
      keycloak().http().checkAdminLogin();
    }
  }

  private synchronized KeycloakBackend keycloak() {
    if (keycloak == null) {
      keycloak = new KeycloakBackend(keycloakSettings(), Clock.systemUTC());
    }
    return keycloak;
  }

  private KeycloakSettings keycloakSettings() {
    String url =
        config
            .getOptionalValue("aloft.keycloak.url", String.class)
            .filter(value -> !value.isBlank())
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        "aloft server: aloft.keycloak.url (ALOFT_KEYCLOAK_URL) is required with"
                            + " aloft.auth.backend=keycloak, e.g. http://127.0.0.1:8180"));
    try {
      return new KeycloakSettings(
          URI.create(url),
          config.getOptionalValue("aloft.keycloak.admin-realm", String.class).orElse("master"),
          config
              .getOptionalValue("aloft.keycloak.admin-client-id", String.class)
              .orElse("admin-cli"),
          config.getOptionalValue("aloft.keycloak.admin-user", String.class),
          config.getOptionalValue("aloft.keycloak.admin-password", String.class),
          config.getOptionalValue("aloft.keycloak.admin-client-secret", String.class),
          config
              .getOptionalValue("aloft.keycloak.timeout", Duration.class)
              .orElse(Duration.ofSeconds(10)),
          config
              .getOptionalValue("aloft.auth.access-token-ttl", Duration.class)
              .orElse(Duration.ofMinutes(15)),
          config
              .getOptionalValues("aloft.keycloak.login-redirect-uris", String.class)
              .orElse(List.of()));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("aloft server: " + e.getMessage());
    }
  }
}
