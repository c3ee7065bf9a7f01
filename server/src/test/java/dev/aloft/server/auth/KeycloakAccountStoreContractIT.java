package dev.aloft.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.server.auth.keycloak.InfraKeycloak;
import dev.aloft.server.auth.keycloak.KeycloakBackend;
import dev.aloft.server.auth.keycloak.KeycloakHttp;
import dev.aloft.server.auth.keycloak.NamespaceRealms;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The account contract on the infra's Keycloak: a realm per namespace, users and service clients.
 * Every realm a test created is deleted afterwards.
 */
class KeycloakAccountStoreContractIT extends AccountStoreContractTest {

  private static final List<KeycloakBackend> BACKENDS = new ArrayList<>();
  private static KeycloakBackend backend;

  @BeforeAll
  static void connect() {
    backend = newBackend();
  }

  private static KeycloakBackend newBackend() {
    KeycloakBackend created =
        new KeycloakBackend(
            InfraKeycloak.settings(Optional.empty(), Duration.ofMinutes(15)), Clock.systemUTC());
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
  protected AccountStore store() {
    return backend.accounts();
  }

  @Override
  protected AccountStore restarted() {
    return newBackend().accounts();
  }

  @Test
  void userAccountsAreKeycloakUsersAndServiceAccountsAreClients() {
    String ns = "kc-" + UUID.randomUUID().toString().substring(0, 8);
    backend
        .accounts()
        .create(
            ns,
            new NewAccount("Alice", AccountType.USER, List.of("ops"), Map.of()),
            "alice-secret");
    backend
        .accounts()
        .create(
            ns,
            new NewAccount("orders", AccountType.SERVICE, List.of(), Map.of()),
            "orders-s3cret");

    KeycloakHttp http = backend.http();
    String realm = "/admin/realms/" + NamespaceRealms.realm(ns);
    KeycloakHttp.Response users =
        http.admin("GET", realm + "/users?username=alice&exact=true", null);
    assertThat(users.body()).contains("\"username\":\"alice\"").doesNotContain("alice-secret");
    KeycloakHttp.Response clients =
        http.admin("GET", realm + "/clients?clientId=service-orders", null);
    assertThat(clients.body()).contains("\"clientId\":\"service-orders\"");
    assertThat(backend.accounts().find(ns, "Alice")).isPresent();
    assertThat(backend.accounts().find(ns, "alice")).isEmpty();
  }
}
