package dev.aloft.operator.identity;

import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.tenant.PlatformSettings;
import dev.aloft.tenant.TenantNames;
import dev.aloft.tenant.TenantRealm;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The tenants' Keycloak realms and the service clients in them, through Keycloak's admin API. This
 * is what lives outside Kubernetes and is removed by the finalizers of tenants and services.
 */
@ApplicationScoped
public class KeycloakRealms {

  /** Prefix of the confidential client a service authenticates with: {@code service-<name>}. */
  public static final String SERVICE_CLIENT_PREFIX = "service-";

  /**
   * The attribute the platform server's Keycloak backend keeps a credential version in (it ends the
   * account's sessions when it changes); set once here, as the server sets it at creation.
   */
  static final String CREDENTIAL_VERSION = "aloft_credential_version";

  private final Keycloak keycloak;

  /** Service clients ensured by this operator: realm/clientId to client id and secret. */
  private final Map<String, Map<String, String>> ensuredClients = new ConcurrentHashMap<>();

  /**
   * Its own admin client (the extension's injectable one is request scoped, and reconcilers run
   * outside requests), logged in to the master realm with the admin's password.
   */
  public KeycloakRealms(
      @ConfigProperty(name = "quarkus.keycloak.admin-client.server-url") String serverUrl,
      @ConfigProperty(name = "quarkus.keycloak.admin-client.username") String username,
      @ConfigProperty(name = "quarkus.keycloak.admin-client.password") String password) {
    this.keycloak =
        KeycloakBuilder.builder()
            .serverUrl(serverUrl)
            .realm("master")
            .clientId("admin-cli")
            .username(username)
            .password(password)
            .build();
  }

  @PreDestroy
  void close() {
    keycloak.close();
  }

  /**
   * Creates the tenant's realm (with its roles, groups and client) when missing; otherwise brings
   * its settings and its {@code aloft} client in line with the tenant. Returns true when it created
   * the realm.
   */
  public boolean ensureRealm(Tenant tenant, PlatformSettings platform) {
    RealmRepresentation desired = TenantRealm.realm(tenant, platform);
    if (!exists(desired.getRealm())) {
      forgetClientsOf(desired.getRealm());
      keycloak.realms().create(desired);
      return true;
    }
    RealmResource realm = keycloak.realm(desired.getRealm());
    RealmRepresentation settings = TenantRealm.realm(tenant, platform);
    settings.setClients(null);
    settings.setGroups(null);
    settings.setRoles(null);
    realm.update(settings);
    ClientRepresentation client = TenantRealm.client(tenant, platform);
    List<ClientRepresentation> found = realm.clients().findByClientId(client.getClientId());
    if (found.isEmpty()) {
      realm.clients().create(client).close();
    } else {
      client.setId(found.get(0).getId());
      realm.clients().get(client.getId()).update(client);
    }
    return false;
  }

  /** Whether the realm exists. */
  public boolean exists(String realm) {
    try {
      keycloak.realm(realm).toRepresentation();
      return true;
    } catch (WebApplicationException e) {
      if (notFound(e)) {
        return false;
      }
      throw e;
    }
  }

  /** Deletes the tenant's realm, and with it every account and client in it; absent is fine. */
  public void deleteRealm(Tenant tenant) {
    String realm = TenantNames.realm(tenant);
    forgetClientsOf(realm);
    try {
      keycloak.realm(realm).remove();
    } catch (WebApplicationException e) {
      if (!notFound(e)) {
        throw e;
      }
    }
  }

  /**
   * The confidential client {@code service-<service>} of a service in the realm, with a service
   * account (client credentials grant); created when missing, as the platform server's Keycloak
   * backend makes a service account ({@link TenantRealm#serviceClient}: the token mappers that put
   * {@code aloft_namespace}, the audience {@code aloft} and the account claims into its tokens),
   * and its service-account user given the account's attributes (id the service's name, type {@code
   * service}, scope {@code service}), so that the server accepts its tokens. A client made without
   * them (by an older operator) gets them too. Returns its client id and secret.
   *
   * <p>A client once ensured is remembered by this operator until it deletes the client or its
   * realm, so a service's later reconciles make no Keycloak calls; a new client takes three (create
   * with a secret of ours, read and update its service-account user).
   */
  public Map<String, String> ensureServiceClient(String realmName, String service) {
    String clientId = SERVICE_CLIENT_PREFIX + service;
    String key = ensuredKey(realmName, clientId);
    Map<String, String> known = ensuredClients.get(key);
    if (known != null) {
      return known;
    }
    RealmResource realm = keycloak.realm(realmName);
    Tenant tenant = new Tenant();
    tenant.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(realmName.substring(TenantNames.PREFIX.length()))
            .build());
    ClientRepresentation desired =
        TenantRealm.serviceClient(tenant, service, java.util.UUID.randomUUID().toString());
    String id;
    String secret;
    try (Response created = realm.clients().create(desired)) {
      if (created.getStatus() == Response.Status.CREATED.getStatusCode()) {
        id = CreatedResponseUtil.getCreatedId(created);
        secret = desired.getSecret();
      } else if (created.getStatus() == Response.Status.CONFLICT.getStatusCode()) {
        id = realm.clients().findByClientId(clientId).get(0).getId();
        var mappers = realm.clients().get(id).getProtocolMappers();
        if (mappers.getMappers().isEmpty()) {
          mappers.createMapper(desired.getProtocolMappers());
        }
        secret = null;
      } else {
        throw new WebApplicationException(
            "creating client " + clientId + " in realm " + realmName, created);
      }
    }
    UserRepresentation user = realm.clients().get(id).getServiceAccountUser();
    Map<String, List<String>> attributes =
        user.getAttributes() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(user.getAttributes());
    if (!attributes.containsKey(TenantRealm.ACCOUNT_CLAIM)) {
      attributes.put(TenantRealm.ACCOUNT_CLAIM, List.of(service));
      attributes.put(TenantRealm.TYPE_CLAIM, List.of("service"));
      attributes.put(TenantRealm.SCOPES_CLAIM, List.of("[\"service\"]"));
      attributes.put(TenantRealm.METADATA_CLAIM, List.of("{}"));
      attributes.put(CREDENTIAL_VERSION, List.of(java.util.UUID.randomUUID().toString()));
      user.setAttributes(attributes);
      realm.users().get(user.getId()).update(user);
    }
    if (secret == null) {
      secret = realm.clients().get(id).getSecret().getValue();
    }
    Map<String, String> ensured = Map.of("clientId", clientId, "clientSecret", secret);
    ensuredClients.put(key, ensured);
    return ensured;
  }

  /** Deletes the service's client; a missing realm or client is fine. */
  public void deleteServiceClient(String realmName, String service) {
    ensuredClients.remove(ensuredKey(realmName, SERVICE_CLIENT_PREFIX + service));
    try {
      RealmResource realm = keycloak.realm(realmName);
      for (ClientRepresentation c :
          realm.clients().findByClientId(SERVICE_CLIENT_PREFIX + service)) {
        realm.clients().get(c.getId()).remove();
      }
    } catch (WebApplicationException e) {
      if (!notFound(e)) {
        throw e;
      }
    }
  }

  private static String ensuredKey(String realm, String clientId) {
    return realm + "/" + clientId;
  }

  /** Forgets the ensured clients of a realm that was deleted or is new. */
  private void forgetClientsOf(String realm) {
    ensuredClients.keySet().removeIf(k -> k.startsWith(realm + "/"));
  }

  /** A 404 from Keycloak (the REST client reports it as a plain WebApplicationException). */
  private static boolean notFound(WebApplicationException e) {
    return e.getResponse() != null && e.getResponse().getStatus() == 404;
  }
}
