package dev.aloft.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.crds.v1alpha1.TenantSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.RolesRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;

/**
 * The Keycloak realm {@code aloft-<tenant>} that issues a tenant's identities, and its client
 * {@value #CLIENT_ID} through which the CLI ({@code aloft login}: password or device grant) and the
 * dashboard (browser login with PKCE) get tokens.
 *
 * <p>Tokens carry the audience {@value #CLIENT_ID} and the claim {@value #NAMESPACE_CLAIM} with the
 * tenant's name, beside the issuer that names the realm. Accounts are not part of the realm
 * definition: they are created through Aloft's auth service, user accounts as Keycloak users and
 * service accounts as confidential clients ({@link #serviceClient}). Both kinds carry the Aloft
 * account in user attributes (of the user, or of the client's service-account user) that mappers
 * copy into the tokens: {@value #ACCOUNT_CLAIM}, {@value #TYPE_CLAIM}, {@value #SCOPES_CLAIM} (a
 * JSON array) and {@value #METADATA_CLAIM} (a JSON object).
 */
public final class TenantRealm {

  /** The client every tenant realm has. */
  public static final String CLIENT_ID = "aloft";

  /** Realm role of a tenant's administrators: accounts, rules, services. */
  public static final String ROLE_ADMIN = "admin";

  /** Realm role of a tenant's developers: run, update and call services. */
  public static final String ROLE_DEVELOPER = "developer";

  /** Group whose members get {@value #ROLE_ADMIN}. */
  public static final String GROUP_ADMINS = "admins";

  /** Group whose members get {@value #ROLE_DEVELOPER}. */
  public static final String GROUP_DEVELOPERS = "developers";

  /** Token claim naming the tenant (Aloft namespace) the token belongs to. */
  public static final String NAMESPACE_CLAIM = "aloft_namespace";

  /** User attribute and token claim: the Aloft account id, with its case (usernames lose it). */
  public static final String ACCOUNT_CLAIM = "aloft_account";

  /** User attribute and token claim: the account type, {@code user} or {@code service}. */
  public static final String TYPE_CLAIM = "aloft_type";

  /** User attribute and token claim: the account's scopes, a JSON array of strings. */
  public static final String SCOPES_CLAIM = "aloft_scopes";

  /** User attribute and token claim: the account's metadata, a JSON object of strings. */
  public static final String METADATA_CLAIM = "aloft_metadata";

  /** Prefix of the client id of a service account: {@code service-<account id>}. */
  public static final String SERVICE_CLIENT_PREFIX = "service-";

  /** Access token lifetime: 5 minutes; clients refresh. */
  public static final int ACCESS_TOKEN_LIFESPAN_SECONDS = 300;

  /** A login session ends after 30 minutes without use. */
  public static final int SSO_SESSION_IDLE_SECONDS = 1800;

  /** A login session ends after 10 hours in any case. */
  public static final int SSO_SESSION_MAX_SECONDS = 36000;

  /** Failed logins before brute force protection locks an account for a while. */
  public static final int LOGIN_FAILURES_BEFORE_LOCK = 10;

  private static final String OPENID_CONNECT = "openid-connect";

  private TenantRealm() {}

  /**
   * The realm: enabled, TLS required except from private addresses, no self-registration, brute
   * force protection, the roles {@value #ROLE_ADMIN} and {@value #ROLE_DEVELOPER}, the groups
   * {@value #GROUP_ADMINS} and {@value #GROUP_DEVELOPERS} holding them, and the client {@link
   * #client}.
   */
  public static RealmRepresentation realm(Tenant tenant, PlatformSettings platform) {
    TenantSpec spec = TenantDefaults.complete(tenant.getSpec());
    String name = TenantNames.tenantName(tenant);
    RealmRepresentation realm = new RealmRepresentation();
    realm.setRealm(TenantNames.realm(tenant));
    realm.setDisplayName(spec.getDisplayName() == null ? name : spec.getDisplayName());
    realm.setEnabled(true);
    realm.setSslRequired("external");
    realm.setRegistrationAllowed(false);
    realm.setLoginWithEmailAllowed(true);
    realm.setDuplicateEmailsAllowed(false);
    realm.setResetPasswordAllowed(false);
    realm.setRememberMe(false);
    realm.setBruteForceProtected(true);
    realm.setPermanentLockout(false);
    realm.setFailureFactor(LOGIN_FAILURES_BEFORE_LOCK);
    // No "quick login" lock: Keycloak's default locks an account for a minute when two failures
    // come within a second, and it counts one wrong password that way at times, so the right
    // password typed (or sent) right after a wrong one was refused as "temporarily disabled".
    // Repeated failures still lock it (LOGIN_FAILURES_BEFORE_LOCK).
    realm.setQuickLoginCheckMilliSeconds(0L);
    realm.setAccessTokenLifespan(ACCESS_TOKEN_LIFESPAN_SECONDS);
    realm.setSsoSessionIdleTimeout(SSO_SESSION_IDLE_SECONDS);
    realm.setSsoSessionMaxLifespan(SSO_SESSION_MAX_SECONDS);
    RolesRepresentation roles = new RolesRepresentation();
    roles.setRealm(
        List.of(
            new RoleRepresentation(
                ROLE_ADMIN, "Administers tenant " + name + ": accounts, rules, services", false),
            new RoleRepresentation(
                ROLE_DEVELOPER, "Runs, updates and calls services of tenant " + name, false)));
    realm.setRoles(roles);
    realm.setGroups(
        List.of(group(GROUP_ADMINS, ROLE_ADMIN), group(GROUP_DEVELOPERS, ROLE_DEVELOPER)));
    realm.setClients(List.of(client(tenant, platform)));
    return realm;
  }

  /**
   * The public OpenID Connect client {@value #CLIENT_ID}: authorization code flow with PKCE (S256)
   * to the platform's login redirect URIs, password grant and device grant for the CLI, no implicit
   * flow, no service account; mappers add the audience and the namespace claim.
   */
  public static ClientRepresentation client(Tenant tenant, PlatformSettings platform) {
    String name = TenantNames.tenantName(tenant);
    ClientRepresentation client = new ClientRepresentation();
    client.setClientId(CLIENT_ID);
    client.setName("Aloft");
    client.setDescription("Aloft CLI and dashboard for tenant " + name);
    client.setProtocol(OPENID_CONNECT);
    client.setEnabled(true);
    client.setPublicClient(true);
    client.setStandardFlowEnabled(true);
    client.setImplicitFlowEnabled(false);
    client.setDirectAccessGrantsEnabled(true);
    client.setServiceAccountsEnabled(false);
    client.setFullScopeAllowed(true);
    client.setRedirectUris(new ArrayList<>(platform.loginRedirectUris()));
    client.setWebOrigins(new ArrayList<>(List.of("+")));
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("pkce.code.challenge.method", "S256");
    attributes.put("oauth2.device.authorization.grant.enabled", "true");
    attributes.put("post.logout.redirect.uris", "+");
    client.setAttributes(attributes);
    client.setProtocolMappers(tokenMappers(name));
    return client;
  }

  /**
   * The confidential client {@code service-<accountId>} of a service account: client credentials
   * grant only (with refresh tokens, so that a service refreshes as a user does), its own secret,
   * and the same token mappers as {@link #client}. Keycloak gives it a service-account user, which
   * carries the account attributes.
   */
  public static ClientRepresentation serviceClient(Tenant tenant, String accountId, String secret) {
    String name = TenantNames.tenantName(tenant);
    if (accountId == null || accountId.isBlank()) {
      throw new IllegalArgumentException("a service client needs an account id");
    }
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("service client " + accountId + " needs a secret");
    }
    ClientRepresentation client = new ClientRepresentation();
    client.setClientId(SERVICE_CLIENT_PREFIX + accountId);
    client.setName("Aloft service account " + accountId);
    client.setDescription("Service account " + accountId + " of tenant " + name);
    client.setProtocol(OPENID_CONNECT);
    client.setEnabled(true);
    client.setPublicClient(false);
    client.setClientAuthenticatorType("client-secret");
    client.setSecret(secret);
    client.setServiceAccountsEnabled(true);
    client.setStandardFlowEnabled(false);
    client.setImplicitFlowEnabled(false);
    client.setDirectAccessGrantsEnabled(false);
    client.setFullScopeAllowed(true);
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("client_credentials.use_refresh_token", "true");
    client.setAttributes(attributes);
    client.setProtocolMappers(tokenMappers(name));
    return client;
  }

  /**
   * The realm's user profile with what Aloft accounts need: attributes outside the profile (the
   * account attributes above) kept and editable by administrators only, usernames of any length
   * from 1 (Aloft account ids may be that short), and no attribute required (Keycloak requires
   * e-mail and names by default and refuses logins of users without them). Everything else stays as
   * Keycloak had it.
   */
  public static UPConfig userProfile(UPConfig current) {
    UPConfig profile = current.clone();
    profile.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ADMIN_EDIT);
    UPAttribute username = profile.getAttribute("username");
    if (username != null) {
      Map<String, Map<String, Object>> validations =
          username.getValidations() == null
              ? new LinkedHashMap<>()
              : new LinkedHashMap<>(username.getValidations());
      validations.put("length", new LinkedHashMap<>(Map.of("min", 1, "max", 255)));
      username.setValidations(validations);
    }
    for (UPAttribute attribute : profile.getAttributes()) {
      attribute.setRequired(null);
    }
    return profile;
  }

  private static List<ProtocolMapperRepresentation> tokenMappers(String tenantName) {
    return List.of(
        audienceMapper(),
        namespaceClaimMapper(tenantName),
        attributeMapper(ACCOUNT_CLAIM, "String"),
        attributeMapper(TYPE_CLAIM, "String"),
        attributeMapper(SCOPES_CLAIM, "JSON"),
        attributeMapper(METADATA_CLAIM, "JSON"));
  }

  /** Copies the user attribute of this name into the access token claim of the same name. */
  private static ProtocolMapperRepresentation attributeMapper(String attribute, String jsonType) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("user.attribute", attribute);
    config.put("claim.name", attribute);
    config.put("jsonType.label", jsonType);
    config.put("multivalued", "false");
    config.put("access.token.claim", "true");
    config.put("id.token.claim", "false");
    config.put("userinfo.token.claim", "false");
    return mapper(attribute, "oidc-usermodel-attribute-mapper", config);
  }

  private static GroupRepresentation group(String name, String role) {
    GroupRepresentation group = new GroupRepresentation();
    group.setName(name);
    group.setPath("/" + name);
    group.setRealmRoles(List.of(role));
    return group;
  }

  private static ProtocolMapperRepresentation audienceMapper() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("included.client.audience", CLIENT_ID);
    config.put("access.token.claim", "true");
    config.put("id.token.claim", "false");
    return mapper("aloft-audience", "oidc-audience-mapper", config);
  }

  private static ProtocolMapperRepresentation namespaceClaimMapper(String tenantName) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("claim.name", NAMESPACE_CLAIM);
    config.put("claim.value", tenantName);
    config.put("jsonType.label", "String");
    config.put("access.token.claim", "true");
    config.put("id.token.claim", "true");
    config.put("userinfo.token.claim", "true");
    return mapper("aloft-namespace", "oidc-hardcoded-claim-mapper", config);
  }

  private static ProtocolMapperRepresentation mapper(
      String name, String type, Map<String, String> config) {
    ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
    mapper.setName(name);
    mapper.setProtocol(OPENID_CONNECT);
    mapper.setProtocolMapper(type);
    mapper.setConfig(config);
    return mapper;
  }
}
