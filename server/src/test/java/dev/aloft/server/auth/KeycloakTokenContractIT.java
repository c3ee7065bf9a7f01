package dev.aloft.server.auth;

import dev.aloft.server.auth.keycloak.InfraKeycloak;
import dev.aloft.server.auth.keycloak.KeycloakBackend;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The token contract on the infra's Keycloak: Keycloak issues, Aloft verifies against the realm's
 * published keys. Keycloak keeps its own time, so letting a token expire means waiting for it: the
 * realms get a short access token lifetime (15 s), long enough for a loaded machine to issue and
 * verify a token.
 */
class KeycloakTokenContractIT extends TokenContractTest {

  private static final Duration ACCESS_TTL = Duration.ofSeconds(15);
  private static final List<KeycloakBackend> BACKENDS = new ArrayList<>();
  private static KeycloakBackend backend;

  @BeforeAll
  static void connect() {
    backend = newBackend();
  }

  private static KeycloakBackend newBackend() {
    KeycloakBackend created =
        new KeycloakBackend(
            InfraKeycloak.settings(Optional.empty(), ACCESS_TTL), Clock.systemUTC());
    BACKENDS.add(created);
    return created;
  }

  @AfterAll
  static void deleteRealms() {
    for (KeycloakBackend each : BACKENDS) {
      each.realms().created().forEach(backend.realms()::delete);
    }
  }

  @Override
  protected void openBackend() {}

  @Override
  protected AccountStore accounts() {
    return backend.accounts();
  }

  @Override
  protected TokenIssuer issuer() {
    return backend.tokens();
  }

  @Override
  protected TokenVerifier verifier() {
    return backend.tokens();
  }

  @Override
  protected void advance(Duration time) {
    try {
      Thread.sleep(time.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected TokenVerifier restartedVerifier() {
    return newBackend().tokens();
  }
}
