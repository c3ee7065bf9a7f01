package dev.aloft.tenant;

import static dev.aloft.tenant.TenantFixtures.PLATFORM;
import static dev.aloft.tenant.TenantFixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.aloft.crds.v1alpha1.TenantSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributeRequired;
import org.keycloak.representations.userprofile.config.UPConfig;

class TenantRealmTest {

  @Test
  void realmIsNamedAfterTheTenantAndLockedDown() {
    RealmRepresentation realm = TenantRealm.realm(tenant("acme"), PLATFORM);

    assertThat(realm.getRealm()).isEqualTo("aloft-acme");
    assertThat(realm.getDisplayName()).isEqualTo("acme");
    assertThat(realm.isEnabled()).isTrue();
    assertThat(realm.getSslRequired()).isEqualTo("external");
    assertThat(realm.isRegistrationAllowed()).isFalse();
    assertThat(realm.isResetPasswordAllowed()).isFalse();
    assertThat(realm.isDuplicateEmailsAllowed()).isFalse();
    assertThat(realm.isBruteForceProtected()).isTrue();
    assertThat(realm.isPermanentLockout()).isFalse();
    assertThat(realm.getFailureFactor()).isEqualTo(10);
    assertThat(realm.getQuickLoginCheckMilliSeconds()).isZero();
    assertThat(realm.getAccessTokenLifespan()).isEqualTo(300);
    assertThat(realm.getSsoSessionIdleTimeout()).isEqualTo(1800);
    assertThat(realm.getSsoSessionMaxLifespan()).isEqualTo(36000);
    assertThat(realm.getUsers()).isNull();
  }

  @Test
  void displayNameComesFromTheSpecWhenGiven() {
    TenantSpec spec = new TenantSpec();
    spec.setDisplayName("ACME Corporation");

    assertThat(TenantRealm.realm(tenant("acme", spec), PLATFORM).getDisplayName())
        .isEqualTo("ACME Corporation");
  }

  @Test
  void realmHasAdminAndDeveloperRolesHeldByGroups() {
    RealmRepresentation realm = TenantRealm.realm(tenant("acme"), PLATFORM);

    assertThat(realm.getRoles().getRealm())
        .extracting(RoleRepresentation::getName, RoleRepresentation::isComposite)
        .containsExactly(tuple("admin", false), tuple("developer", false));
    assertThat(realm.getRoles().getClient()).isNull();
    assertThat(realm.getGroups())
        .extracting(
            GroupRepresentation::getName,
            GroupRepresentation::getPath,
            GroupRepresentation::getRealmRoles)
        .containsExactly(
            tuple("admins", "/admins", List.of("admin")),
            tuple("developers", "/developers", List.of("developer")));
    assertThat(realm.getClients()).hasSize(1);
    assertThat(realm.getClients().get(0).getClientId()).isEqualTo("aloft");
  }

  @Test
  void clientIsAPublicOidcClientForCliAndDashboard() {
    ClientRepresentation client = TenantRealm.client(tenant("acme"), PLATFORM);

    assertThat(client.getClientId()).isEqualTo("aloft");
    assertThat(client.getProtocol()).isEqualTo("openid-connect");
    assertThat(client.isEnabled()).isTrue();
    assertThat(client.isPublicClient()).isTrue();
    assertThat(client.getSecret()).isNull();
    assertThat(client.isStandardFlowEnabled()).isTrue();
    assertThat(client.isImplicitFlowEnabled()).isFalse();
    assertThat(client.isDirectAccessGrantsEnabled()).isTrue();
    assertThat(client.isServiceAccountsEnabled()).isFalse();
    assertThat(client.getRedirectUris()).containsExactly("https://aloft.example/*");
    assertThat(client.getWebOrigins()).containsExactly("+");
    assertThat(client.getAttributes())
        .isEqualTo(
            Map.of(
                "pkce.code.challenge.method", "S256",
                "oauth2.device.authorization.grant.enabled", "true",
                "post.logout.redirect.uris", "+"));
  }

  @Test
  void tokensCarryTheAloftAudienceAndTheTenantAsNamespaceClaim() {
    ClientRepresentation client = TenantRealm.client(tenant("globex"), PLATFORM);

    assertThat(client.getProtocolMappers())
        .extracting(
            ProtocolMapperRepresentation::getName, ProtocolMapperRepresentation::getProtocolMapper)
        .containsExactly(
            tuple("aloft-audience", "oidc-audience-mapper"),
            tuple("aloft-namespace", "oidc-hardcoded-claim-mapper"),
            tuple("aloft_account", "oidc-usermodel-attribute-mapper"),
            tuple("aloft_type", "oidc-usermodel-attribute-mapper"),
            tuple("aloft_scopes", "oidc-usermodel-attribute-mapper"),
            tuple("aloft_metadata", "oidc-usermodel-attribute-mapper"));
    assertThat(client.getProtocolMappers())
        .allSatisfy(mapper -> assertThat(mapper.getProtocol()).isEqualTo("openid-connect"));
    assertThat(client.getProtocolMappers().get(0).getConfig())
        .isEqualTo(
            Map.of(
                "included.client.audience", "aloft",
                "access.token.claim", "true",
                "id.token.claim", "false"));
    assertThat(client.getProtocolMappers().get(1).getConfig())
        .isEqualTo(
            Map.of(
                "claim.name", "aloft_namespace",
                "claim.value", "globex",
                "jsonType.label", "String",
                "access.token.claim", "true",
                "id.token.claim", "true",
                "userinfo.token.claim", "true"));
  }

  @Test
  void accountAttributesBecomeClaimsOfTheSameName() {
    ClientRepresentation client = TenantRealm.client(tenant("acme"), PLATFORM);

    assertThat(client.getProtocolMappers().get(4).getConfig())
        .isEqualTo(
            Map.of(
                "user.attribute", "aloft_scopes",
                "claim.name", "aloft_scopes",
                "jsonType.label", "JSON",
                "multivalued", "false",
                "access.token.claim", "true",
                "id.token.claim", "false",
                "userinfo.token.claim", "false"));
    assertThat(client.getProtocolMappers().get(2).getConfig())
        .containsEntry("user.attribute", "aloft_account")
        .containsEntry("jsonType.label", "String");
  }

  @Test
  void serviceClientIsConfidentialWithClientCredentialsOnly() {
    ClientRepresentation client = TenantRealm.serviceClient(tenant("acme"), "orders", "s3cret-x");

    assertThat(client.getClientId()).isEqualTo("service-orders");
    assertThat(client.isPublicClient()).isFalse();
    assertThat(client.getClientAuthenticatorType()).isEqualTo("client-secret");
    assertThat(client.getSecret()).isEqualTo("s3cret-x");
    assertThat(client.isServiceAccountsEnabled()).isTrue();
    assertThat(client.isStandardFlowEnabled()).isFalse();
    assertThat(client.isImplicitFlowEnabled()).isFalse();
    assertThat(client.isDirectAccessGrantsEnabled()).isFalse();
    assertThat(client.getAttributes())
        .isEqualTo(Map.of("client_credentials.use_refresh_token", "true"));
    assertThat(client.getProtocolMappers())
        .extracting(ProtocolMapperRepresentation::getName)
        .containsExactlyElementsOf(
            TenantRealm.client(tenant("acme"), PLATFORM).getProtocolMappers().stream()
                .map(ProtocolMapperRepresentation::getName)
                .toList());
    assertThatThrownBy(() -> TenantRealm.serviceClient(tenant("acme"), "orders", ""))
        .hasMessageContaining("orders needs a secret");
  }

  @Test
  void userProfileKeepsAccountAttributesAndAllowsShortUsernames() {
    UPConfig keycloakDefault = new UPConfig();
    UPAttribute username = new UPAttribute("username");
    username.addValidation("length", Map.of("min", 3, "max", 255));
    username.addValidation("username-prohibited-characters", Map.of());
    keycloakDefault.addOrReplaceAttribute(username);
    UPAttribute email = new UPAttribute("email");
    email.setRequired(new UPAttributeRequired(Set.of("user"), Set.of()));
    keycloakDefault.addOrReplaceAttribute(email);

    UPConfig profile = TenantRealm.userProfile(keycloakDefault);

    assertThat(profile.getUnmanagedAttributePolicy())
        .isEqualTo(UPConfig.UnmanagedAttributePolicy.ADMIN_EDIT);
    assertThat(profile.getAttribute("username").getValidations())
        .containsEntry("length", Map.of("min", 1, "max", 255))
        .containsKey("username-prohibited-characters");
    assertThat(profile.getAttribute("email")).isNotNull();
    assertThat(profile.getAttribute("email").getRequired()).isNull();
    assertThat(keycloakDefault.getAttribute("email").getRequired()).isNotNull();
    assertThat(keycloakDefault.getUnmanagedAttributePolicy()).isNull();
    assertThat(keycloakDefault.getAttribute("username").getValidations().get("length"))
        .isEqualTo(Map.of("min", 3, "max", 255));
  }

  @Test
  void withoutLoginRedirectUrisTheClientHasNone() {
    ClientRepresentation client =
        TenantRealm.client(tenant("acme"), PlatformSettings.of("aloft-system", List.of()));

    assertThat(client.getRedirectUris()).isEmpty();
  }
}
