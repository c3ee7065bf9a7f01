package dev.aloft.server.auth.keycloak;

import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.crds.v1alpha1.TenantSpec;
import dev.aloft.server.tenancy.NamespaceName;
import dev.aloft.tenant.PlatformSettings;
import dev.aloft.tenant.TenantNames;
import dev.aloft.tenant.TenantRealm;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;

/**
 * One Keycloak realm per Aloft namespace: {@code aloft-<namespace>}, defined by {@link TenantRealm}
 * (the operator creates the same realm for a tenant), created on demand when the namespace gets its
 * first account, and mapped back from the issuer of the tokens it signs.
 */
public final class NamespaceRealms {

  /**
   * The platform's Kubernetes namespace, which {@link PlatformSettings} requires; the realm itself
   * does not depend on it.
   */
  private static final String PLATFORM_NAMESPACE = "aloft-system";

  private final KeycloakHttp http;
  private final String issuerPrefix;
  private final Set<String> existing = ConcurrentHashMap.newKeySet();
  private final Set<String> prepared = ConcurrentHashMap.newKeySet();
  private final Set<String> created = ConcurrentHashMap.newKeySet();

  public NamespaceRealms(KeycloakHttp http) {
    this.http = http;
    this.issuerPrefix = http.settings().url() + "/realms/" + TenantNames.PREFIX;
  }

  /** The realm of a namespace. */
  public static String realm(String namespace) {
    return TenantNames.PREFIX + namespace;
  }

  /** The tenant a namespace is, as the realm builder takes it. */
  static Tenant tenant(String namespace) {
    Tenant tenant = new Tenant();
    tenant.getMetadata().setName(namespace);
    tenant.setSpec(new TenantSpec());
    return tenant;
  }

  /** The issuer ({@code iss}) of the namespace's tokens. */
  public String issuer(String namespace) {
    return issuerPrefix + namespace;
  }

  /** The namespace whose realm this issuer names; empty for any other issuer. */
  public Optional<String> namespaceOfIssuer(String issuer) {
    if (issuer == null || !issuer.startsWith(issuerPrefix)) {
      return Optional.empty();
    }
    String namespace = issuer.substring(issuerPrefix.length());
    return NamespaceName.isValid(namespace) ? Optional.of(namespace) : Optional.empty();
  }

  /** Whether the namespace's realm exists (remembered once seen). */
  public boolean exists(String namespace) {
    if (existing.contains(namespace)) {
      return true;
    }
    KeycloakHttp.Response response = http.admin("GET", "/admin/realms/" + realm(namespace), null);
    if (response.status() == 404) {
      return false;
    }
    requireOk(response, "read realm " + realm(namespace));
    existing.add(namespace);
    return true;
  }

  /**
   * Creates the namespace's realm unless it exists, and gives it the user profile Aloft accounts
   * need (also when the operator created it).
   */
  public void prepare(String namespace) {
    if (prepared.contains(namespace)) {
      return;
    }
    String realm = realm(namespace);
    if (!exists(namespace)) {
      RealmRepresentation representation;
      try {
        representation =
            TenantRealm.realm(
                tenant(namespace),
                PlatformSettings.of(PLATFORM_NAMESPACE, http.settings().loginRedirectUris()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "namespace '" + namespace + "' cannot have a Keycloak realm: " + e.getMessage(), e);
      }
      representation.setAccessTokenLifespan((int) http.settings().accessTtl().toSeconds());
      KeycloakHttp.Response response = http.admin("POST", "/admin/realms", representation);
      if (response.status() != 409) {
        requireOk(response, "create realm " + realm);
        created.add(namespace);
      }
      existing.add(namespace);
    }
    String profilePath = "/admin/realms/" + realm + "/users/profile";
    KeycloakHttp.Response profile = http.admin("GET", profilePath, null);
    requireOk(profile, "read the user profile of realm " + realm);
    requireOk(
        http.admin("PUT", profilePath, TenantRealm.userProfile(profile.json(UPConfig.class))),
        "set the user profile of realm " + realm);
    prepared.add(namespace);
  }

  /** Namespaces whose realm this instance created. */
  public Set<String> created() {
    return Set.copyOf(created);
  }

  /** Deletes the namespace's realm with all its accounts; false when there was none. */
  public boolean delete(String namespace) {
    existing.remove(namespace);
    prepared.remove(namespace);
    created.remove(namespace);
    KeycloakHttp.Response response =
        http.admin("DELETE", "/admin/realms/" + realm(namespace), null);
    if (response.status() == 404) {
      return false;
    }
    requireOk(response, "delete realm " + realm(namespace));
    return true;
  }

  /** Forgets what was remembered about the namespace's realm, after a 404 showed it gone. */
  void forget(String namespace) {
    existing.remove(namespace);
    prepared.remove(namespace);
  }

  void requireOk(KeycloakHttp.Response response, String what) {
    if (!response.ok()) {
      throw new IllegalStateException(
          http.name()
              + " refused to "
              + what
              + ": HTTP "
              + response.status()
              + " "
              + abbreviated(response.body()));
    }
  }

  private static String abbreviated(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "..." : body;
  }
}
