package dev.aloft.server.auth.keycloak;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.aloft.server.auth.Account;
import dev.aloft.server.auth.AccountExistsException;
import dev.aloft.server.auth.AccountStore;
import dev.aloft.server.auth.AccountType;
import dev.aloft.server.auth.NewAccount;
import dev.aloft.tenant.TenantRealm;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Accounts as Keycloak identities in the namespace's realm ({@link NamespaceRealms}): a user
 * account is a Keycloak user named after the account id with the account's secret as password; a
 * service account is a confidential client {@code service-<id>} whose client secret is the
 * account's secret. The Aloft account itself (id with its case, type, scopes, metadata, credential
 * version) lives in attributes of the user, or of the client's service-account user, which the
 * realm's mappers copy into tokens. Keycloak keeps the secrets; Aloft never sees a hash.
 *
 * <p>Keycloak lowercases usernames, so ids of user accounts are unique regardless of case here.
 */
public final class KeycloakAccountStore implements AccountStore {

  /** User attribute changed with every new secret; refresh tokens are revoked by Keycloak. */
  static final String CREDENTIAL_VERSION = "aloft_credential_version";

  private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  private static final TypeReference<List<UserRepresentation>> USERS = new TypeReference<>() {};
  private static final TypeReference<List<ClientRepresentation>> CLIENTS = new TypeReference<>() {};
  private static final int PAGE = 200;

  private final KeycloakHttp http;
  private final NamespaceRealms realms;
  private final RealmTokenEndpoint tokenEndpoint;

  public KeycloakAccountStore(KeycloakHttp http, NamespaceRealms realms) {
    this.http = http;
    this.realms = realms;
    this.tokenEndpoint = new RealmTokenEndpoint(http);
  }

  /** An account with the Keycloak objects it is made of. */
  private record Stored(Account account, UserRepresentation user, ClientRepresentation client) {}

  @Override
  public Account create(String namespace, NewAccount account, String secret) {
    realms.prepare(namespace);
    if (stored(namespace, account.id()).isPresent()) {
      throw new AccountExistsException(namespace, account.id());
    }
    String realmPath = "/admin/realms/" + NamespaceRealms.realm(namespace);
    Map<String, List<String>> attributes = attributes(account, UUID.randomUUID().toString());
    if (account.type() == AccountType.USER) {
      UserRepresentation user = new UserRepresentation();
      user.setUsername(account.id());
      user.setEnabled(true);
      user.setAttributes(attributes);
      user.setCredentials(List.of(password(secret)));
      KeycloakHttp.Response response = http.admin("POST", realmPath + "/users", user);
      if (response.status() == 409) {
        throw new AccountExistsException(namespace, account.id());
      }
      realms.requireOk(response, "create user " + account.id());
    } else {
      ClientRepresentation client =
          TenantRealm.serviceClient(NamespaceRealms.tenant(namespace), account.id(), secret);
      KeycloakHttp.Response response = http.admin("POST", realmPath + "/clients", client);
      if (response.status() == 409) {
        throw new AccountExistsException(namespace, account.id());
      }
      realms.requireOk(response, "create client " + client.getClientId());
      String clientUuid = lastSegment(response.location().orElseThrow());
      try {
        UserRepresentation serviceUser = serviceAccountUser(namespace, clientUuid);
        serviceUser.setAttributes(attributes);
        realms.requireOk(
            http.admin("PUT", realmPath + "/users/" + serviceUser.getId(), serviceUser),
            "set the attributes of service account " + account.id());
      } catch (RuntimeException e) {
        http.admin("DELETE", realmPath + "/clients/" + clientUuid, null);
        throw e;
      }
    }
    return stored(namespace, account.id())
        .map(Stored::account)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    http.name() + " lost account " + account.id() + " right after creating it"));
  }

  @Override
  public Optional<Account> find(String namespace, String id) {
    return stored(namespace, id).map(Stored::account);
  }

  @Override
  public List<Account> list(String namespace) {
    String realmPath = "/admin/realms/" + NamespaceRealms.realm(namespace);
    List<Account> accounts = new ArrayList<>();
    for (int first = 0; ; first += PAGE) {
      KeycloakHttp.Response response =
          http.admin(
              "GET",
              realmPath + "/users?briefRepresentation=false&first=" + first + "&max=" + PAGE,
              null);
      if (response.status() == 404) {
        realms.forget(namespace);
        return List.of();
      }
      realms.requireOk(response, "list users");
      List<UserRepresentation> page = response.json(USERS);
      page.stream()
          .filter(user -> user.getServiceAccountClientId() == null)
          .map(user -> account(namespace, user))
          .flatMap(Optional::stream)
          .forEach(accounts::add);
      if (page.size() < PAGE) {
        break;
      }
    }
    for (int first = 0; ; first += PAGE) {
      KeycloakHttp.Response response =
          http.admin("GET", realmPath + "/clients?first=" + first + "&max=" + PAGE, null);
      realms.requireOk(response, "list clients");
      List<ClientRepresentation> page = response.json(CLIENTS);
      for (ClientRepresentation client : page) {
        if (client.getClientId().startsWith(TenantRealm.SERVICE_CLIENT_PREFIX)
            && Boolean.TRUE.equals(client.isServiceAccountsEnabled())) {
          account(namespace, serviceAccountUser(namespace, client.getId()))
              .ifPresent(accounts::add);
        }
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    accounts.sort(Comparator.comparing(Account::id));
    return accounts;
  }

  @Override
  public boolean delete(String namespace, String id) {
    Optional<Stored> stored = stored(namespace, id);
    if (stored.isEmpty()) {
      return false;
    }
    String realmPath = "/admin/realms/" + NamespaceRealms.realm(namespace);
    String path =
        stored.get().client() != null
            ? realmPath + "/clients/" + stored.get().client().getId()
            : realmPath + "/users/" + stored.get().user().getId();
    KeycloakHttp.Response response = http.admin("DELETE", path, null);
    if (response.status() == 404) {
      return false;
    }
    realms.requireOk(response, "delete account " + id);
    return true;
  }

  @Override
  public boolean changeSecret(String namespace, String id, String newSecret) {
    Optional<Stored> found = stored(namespace, id);
    if (found.isEmpty()) {
      return false;
    }
    Stored stored = found.get();
    String realmPath = "/admin/realms/" + NamespaceRealms.realm(namespace);
    String userPath = realmPath + "/users/" + stored.user().getId();
    if (stored.client() != null) {
      ClientRepresentation client = stored.client();
      client.setSecret(newSecret);
      realms.requireOk(
          http.admin("PUT", realmPath + "/clients/" + client.getId(), client),
          "change the secret of service account " + id);
    } else {
      realms.requireOk(
          http.admin("PUT", userPath + "/reset-password", password(newSecret)),
          "change the password of user " + id);
    }
    UserRepresentation user = stored.user();
    Map<String, List<String>> attributes = new LinkedHashMap<>(user.getAttributes());
    attributes.put(CREDENTIAL_VERSION, List.of(UUID.randomUUID().toString()));
    user.setAttributes(attributes);
    realms.requireOk(http.admin("PUT", userPath, user), "set the credential version of " + id);
    // Ends the account's sessions, which revokes every refresh token issued with the old secret.
    realms.requireOk(http.admin("POST", userPath + "/logout", null), "log out " + id);
    return true;
  }

  @Override
  public Optional<Account> authenticate(String namespace, String id, String secret) {
    if (secret.isEmpty()) {
      return Optional.empty();
    }
    Optional<Stored> stored = stored(namespace, id);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    boolean service = stored.get().client() != null;
    String clientId = service ? stored.get().client().getClientId() : TenantRealm.CLIENT_ID;
    Optional<String> clientSecret = service ? Optional.of(secret) : Optional.empty();
    Optional<RealmTokenEndpoint.Grant> grant =
        service
            ? tokenEndpoint.clientCredentials(namespace, clientId, secret)
            : tokenEndpoint.password(namespace, stored.get().user().getUsername(), secret);
    grant
        .filter(tokens -> !tokens.refreshToken().isEmpty())
        .ifPresent(
            tokens ->
                tokenEndpoint.revoke(namespace, clientId, clientSecret, tokens.refreshToken()));
    return grant.map(tokens -> stored.get().account());
  }

  @Override
  public Optional<String> credentialVersion(String namespace, String id) {
    return stored(namespace, id)
        .map(
            stored ->
                stored.user().getId() + ":" + first(stored.user(), CREDENTIAL_VERSION).orElse(""));
  }

  /** The client secret of a service account, for refreshing its tokens. */
  Optional<String> serviceSecret(String namespace, String clientId) {
    return serviceClient(namespace, clientId)
        .map(
            client -> {
              KeycloakHttp.Response response =
                  http.admin(
                      "GET",
                      "/admin/realms/"
                          + NamespaceRealms.realm(namespace)
                          + "/clients/"
                          + client.getId()
                          + "/client-secret",
                      null);
              realms.requireOk(response, "read the secret of client " + clientId);
              return response.json(CredentialRepresentation.class).getValue();
            });
  }

  private Optional<Stored> stored(String namespace, String id) {
    String realmPath = "/admin/realms/" + NamespaceRealms.realm(namespace);
    KeycloakHttp.Response response =
        http.admin(
            "GET",
            realmPath
                + "/users?exact=true&briefRepresentation=false&username="
                + URLEncoder.encode(id, StandardCharsets.UTF_8),
            null);
    if (response.status() == 404) {
      realms.forget(namespace);
      return Optional.empty();
    }
    realms.requireOk(response, "find user " + id);
    for (UserRepresentation user : response.json(USERS)) {
      Optional<Account> account = account(namespace, user);
      if (user.getServiceAccountClientId() == null
          && account.isPresent()
          && account.get().id().equals(id)) {
        return Optional.of(new Stored(account.get(), user, null));
      }
    }
    Optional<ClientRepresentation> client =
        serviceClient(namespace, TenantRealm.SERVICE_CLIENT_PREFIX + id);
    if (client.isEmpty()) {
      return Optional.empty();
    }
    UserRepresentation serviceUser = serviceAccountUser(namespace, client.get().getId());
    return account(namespace, serviceUser)
        .filter(account -> account.id().equals(id))
        .map(account -> new Stored(account, serviceUser, client.get()));
  }

  private Optional<ClientRepresentation> serviceClient(String namespace, String clientId) {
    KeycloakHttp.Response response =
        http.admin(
            "GET",
            "/admin/realms/"
                + NamespaceRealms.realm(namespace)
                + "/clients?clientId="
                + URLEncoder.encode(clientId, StandardCharsets.UTF_8),
            null);
    if (response.status() == 404) {
      return Optional.empty();
    }
    realms.requireOk(response, "find client " + clientId);
    return response.json(CLIENTS).stream()
        .filter(client -> clientId.equals(client.getClientId()))
        .filter(client -> Boolean.TRUE.equals(client.isServiceAccountsEnabled()))
        .findFirst();
  }

  private UserRepresentation serviceAccountUser(String namespace, String clientUuid) {
    KeycloakHttp.Response response =
        http.admin(
            "GET",
            "/admin/realms/"
                + NamespaceRealms.realm(namespace)
                + "/clients/"
                + clientUuid
                + "/service-account-user",
            null);
    realms.requireOk(response, "read the service-account user of client " + clientUuid);
    UserRepresentation brief = response.json(UserRepresentation.class);
    // The service-account user endpoint leaves out attributes; read the user in full.
    KeycloakHttp.Response full =
        http.admin(
            "GET",
            "/admin/realms/" + NamespaceRealms.realm(namespace) + "/users/" + brief.getId(),
            null);
    realms.requireOk(full, "read service-account user " + brief.getId());
    return full.json(UserRepresentation.class);
  }

  /** The Aloft account a Keycloak user carries; empty for users Aloft did not create. */
  private static Optional<Account> account(String namespace, UserRepresentation user) {
    Optional<String> id = first(user, TenantRealm.ACCOUNT_CLAIM);
    Optional<AccountType> type =
        first(user, TenantRealm.TYPE_CLAIM).flatMap(AccountType::fromWireName);
    if (id.isEmpty() || type.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Account(
              namespace,
              id.get(),
              type.get(),
              KeycloakHttp.JSON.readValue(
                  first(user, TenantRealm.SCOPES_CLAIM).orElse("[]"), STRING_LIST),
              KeycloakHttp.JSON.readValue(
                  first(user, TenantRealm.METADATA_CLAIM).orElse("{}"), STRING_MAP),
              Instant.ofEpochMilli(
                  user.getCreatedTimestamp() == null ? 0 : user.getCreatedTimestamp())));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Keycloak user " + user.getUsername() + " has unreadable Aloft attributes", e);
    }
  }

  private static Map<String, List<String>> attributes(NewAccount account, String version) {
    try {
      Map<String, List<String>> attributes = new LinkedHashMap<>();
      attributes.put(TenantRealm.ACCOUNT_CLAIM, List.of(account.id()));
      attributes.put(TenantRealm.TYPE_CLAIM, List.of(account.type().wireName()));
      attributes.put(
          TenantRealm.SCOPES_CLAIM,
          List.of(KeycloakHttp.JSON.writeValueAsString(account.scopes())));
      attributes.put(
          TenantRealm.METADATA_CLAIM,
          List.of(
              KeycloakHttp.JSON.writeValueAsString(new java.util.TreeMap<>(account.metadata()))));
      attributes.put(CREDENTIAL_VERSION, List.of(version));
      return attributes;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode account " + account.id(), e);
    }
  }

  private static Optional<String> first(UserRepresentation user, String attribute) {
    if (user.getAttributes() == null) {
      return Optional.empty();
    }
    List<String> values = user.getAttributes().get(attribute);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  private static CredentialRepresentation password(String secret) {
    CredentialRepresentation credential = new CredentialRepresentation();
    credential.setType(CredentialRepresentation.PASSWORD);
    credential.setValue(secret);
    credential.setTemporary(false);
    return credential;
  }

  private static String lastSegment(String location) {
    return location.substring(location.lastIndexOf('/') + 1);
  }
}
