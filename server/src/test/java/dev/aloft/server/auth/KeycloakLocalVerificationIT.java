package dev.aloft.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aloft.server.auth.keycloak.InfraKeycloak;
import dev.aloft.server.auth.keycloak.KeycloakBackend;
import dev.aloft.server.auth.keycloak.KeycloakHttp;
import dev.aloft.server.auth.keycloak.NamespaceRealms;
import dev.aloft.server.infra.TcpForwarder;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Aloft reaches Keycloak through a TCP forwarder that records every request and can be cut: tokens
 * are verified without asking Keycloak once the realm's keys are known, keep verifying while
 * Keycloak is gone, and issuing fails with a BackendUnavailableException naming Keycloak until it
 * is back, then works again without a restart. Also covers service accounts end to end.
 */
class KeycloakLocalVerificationIT {

  private TcpForwarder forwarder;
  private KeycloakBackend backend;
  private String ns;

  @BeforeEach
  void connectThroughAForwarder() throws Exception {
    URI keycloak = InfraKeycloak.url();
    forwarder = new TcpForwarder(keycloak.getHost(), keycloak.getPort());
    backend =
        new KeycloakBackend(
            InfraKeycloak.settings(
                Optional.of(URI.create("http://127.0.0.1:" + forwarder.port())),
                Duration.ofMinutes(5)),
            Clock.systemUTC());
    ns = "verify-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void deleteRealm() throws Exception {
    forwarder.start();
    backend.realms().created().forEach(backend.realms()::delete);
    forwarder.close();
  }

  private long keyFetches() {
    return forwarder.requestLines().stream()
        .filter(line -> line.contains("/protocol/openid-connect/certs"))
        .count();
  }

  @Test
  void verificationIsLocalAndSurvivesAnOutageWhileIssuingFailsAndRecovers() throws Exception {
    backend
        .accounts()
        .create(
            ns,
            new NewAccount("alice", AccountType.USER, List.of("ops"), Map.of()),
            "alice-secret");
    IssuedTokens alice =
        backend.tokens().exchange(ns, "alice", "alice-secret", Duration.ZERO).orElseThrow();
    IssuedTokens again =
        backend.tokens().exchange(ns, "alice", "alice-secret", Duration.ZERO).orElseThrow();
    assertThat(keyFetches()).isZero();

    assertThat(backend.tokens().verify(alice.accessToken()).accountId()).isEqualTo("alice");
    assertThat(keyFetches()).isEqualTo(1);
    int requestsBefore = forwarder.requestLines().size();
    for (int i = 0; i < 25; i++) {
      backend.tokens().verify(alice.accessToken());
      backend.tokens().verify(again.accessToken());
    }
    assertThat(forwarder.requestLines()).hasSize(requestsBefore);

    forwarder.stop();
    assertThat(backend.tokens().verify(again.accessToken()).scopes()).containsExactly("ops");
    assertThatThrownBy(() -> backend.tokens().exchange(ns, "alice", "alice-secret", Duration.ZERO))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("Keycloak at http://127.0.0.1:" + forwarder.port())
        .hasMessageContaining("unreachable");
    assertThatThrownBy(() -> backend.tokens().refresh(alice.refreshToken(), Duration.ZERO))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("Keycloak at");
    assertThatThrownBy(() -> backend.accounts().list(ns))
        .isInstanceOf(BackendUnavailableException.class);

    forwarder.start();
    assertThat(backend.tokens().exchange(ns, "alice", "alice-secret", Duration.ZERO)).isPresent();
    assertThat(backend.tokens().refresh(alice.refreshToken(), Duration.ZERO).accessToken())
        .isNotEmpty();
  }

  @Test
  void serviceAccountsGetVerifyAndRefreshTokensWithTheirSecret() throws Exception {
    backend
        .accounts()
        .create(
            ns,
            new NewAccount("orders", AccountType.SERVICE, List.of("svc"), Map.of("team", "shop")),
            "orders-secret");

    assertThat(backend.tokens().exchange(ns, "orders", "wrong-secret", Duration.ZERO)).isEmpty();
    IssuedTokens tokens =
        backend.tokens().exchange(ns, "orders", "orders-secret", Duration.ZERO).orElseThrow();
    VerifiedToken verified = backend.tokens().verify(tokens.accessToken());
    assertThat(verified.accountId()).isEqualTo("orders");
    assertThat(verified.namespace()).isEqualTo(ns);
    assertThat(verified.type()).isEqualTo(AccountType.SERVICE);
    assertThat(verified.scopes()).containsExactly("svc");
    assertThat(verified.metadata()).containsExactlyEntriesOf(Map.of("team", "shop"));

    IssuedTokens refreshed = backend.tokens().refresh(tokens.refreshToken(), Duration.ZERO);
    assertThat(backend.tokens().verify(refreshed.accessToken()).accountId()).isEqualTo("orders");

    assertThat(backend.accounts().authenticate(ns, "orders", "orders-secret")).isPresent();
    assertThat(backend.accounts().changeSecret(ns, "orders", "new-orders-secret")).isTrue();
    assertThat(backend.tokens().exchange(ns, "orders", "orders-secret", Duration.ZERO)).isEmpty();
    assertThat(backend.tokens().exchange(ns, "orders", "new-orders-secret", Duration.ZERO))
        .isPresent();
    assertThatThrownBy(() -> backend.tokens().refresh(refreshed.refreshToken(), Duration.ZERO))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("revoked");
  }

  @Test
  void aTokenVerifiedBeforeIsRefusedOnceTheRealmRotatedItsKeyOut() throws Exception {
    backend
        .accounts()
        .create(ns, new NewAccount("carol", AccountType.USER, List.of(), Map.of()), "carol-secret");
    IssuedTokens before =
        backend.tokens().exchange(ns, "carol", "carol-secret", Duration.ZERO).orElseThrow();
    assertThat(backend.tokens().verify(before.accessToken()).accountId()).isEqualTo("carol");
    assertThat(backend.tokens().verify(before.accessToken()).accountId()).isEqualTo("carol");

    // rotate: a new signing key of a higher priority, the realm's old signing keys removed
    String realm = NamespaceRealms.realm(ns);
    KeycloakHttp http = backend.http();
    ObjectMapper json = new ObjectMapper();
    String realmId =
        json.readTree(http.admin("GET", "/admin/realms/" + realm, null).body()).get("id").asText();
    JsonNode providers =
        json.readTree(
            http.admin(
                    "GET",
                    "/admin/realms/" + realm + "/components?type=org.keycloak.keys.KeyProvider",
                    null)
                .body());
    assertThat(
            http.admin(
                    "POST",
                    "/admin/realms/" + realm + "/components",
                    Map.of(
                        "name", "rotated-rsa",
                        "providerId", "rsa-generated",
                        "providerType", "org.keycloak.keys.KeyProvider",
                        "parentId", realmId,
                        "config", Map.of("priority", List.of("500"))))
                .status())
        .isEqualTo(201);
    for (JsonNode provider : providers) {
      if (provider.get("providerId").asText().equals("rsa-generated")) {
        http.admin(
            "DELETE",
            "/admin/realms/" + realm + "/components/" + provider.get("id").asText(),
            null);
      }
    }
    // the realm's keys are fetched again for an unknown key id at most every 10 s
    Thread.sleep(Duration.ofSeconds(11).toMillis());
    IssuedTokens after =
        backend.tokens().exchange(ns, "carol", "carol-secret", Duration.ZERO).orElseThrow();
    assertThat(backend.tokens().verify(after.accessToken()).accountId()).isEqualTo("carol");

    assertThatThrownBy(() -> backend.tokens().verify(before.accessToken()))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("is not a key of realm " + realm);
  }

  @Test
  void aTokenOfAnotherKeycloakRealmOrIssuerIsRefused() throws Exception {
    backend
        .accounts()
        .create(ns, new NewAccount("bob", AccountType.USER, List.of(), Map.of()), "bob-secret1");
    IssuedTokens bob =
        backend.tokens().exchange(ns, "bob", "bob-secret1", Duration.ZERO).orElseThrow();
    KeycloakBackend direct =
        new KeycloakBackend(
            InfraKeycloak.settings(Optional.empty(), Duration.ofMinutes(5)), Clock.systemUTC());
    // The same realm reached at another address is another issuer: not this platform's tokens.
    assertThatThrownBy(() -> direct.tokens().verify(bob.accessToken()))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("is not a realm of this platform's Keycloak");
  }
}
