package dev.aloft.e2e.infra;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Keycloak from infra/up: its admin user creates a realm, a client and a user with the admin
 * client; the realm's token endpoint then issues that user a token signed with the realm's key.
 */
class KeycloakSmokeIT {

  private static final String CLIENT_ID = "aloft-smoke-cli";

  private final InfraEnv infra = InfraEnv.load();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void realmUserAndTokenRoundTrip() throws Exception {
    String realmName = "aloft-smoke-" + UUID.randomUUID().toString().substring(0, 8);
    String password = UUID.randomUUID().toString();
    try (Keycloak admin =
        KeycloakBuilder.builder()
            .serverUrl(infra.keycloakUrl())
            .realm("master")
            .clientId("admin-cli")
            .username(infra.keycloakAdminUser())
            .password(infra.keycloakAdminPassword())
            .build()) {
      RealmRepresentation realm = new RealmRepresentation();
      realm.setRealm(realmName);
      realm.setEnabled(true);
      admin.realms().create(realm);
      try {
        RealmResource created = admin.realm(realmName);
        createPublicClient(created);
        String userId = createUser(created, password);

        HttpResponse<String> token = requestToken(realmName, "alice", password);
        assertThat(token.statusCode()).as("token response %s", token.body()).isEqualTo(200);
        JsonNode body = json.readTree(token.body());
        assertThat(body.path("token_type").asText()).isEqualToIgnoringCase("Bearer");

        SignedJWT accessToken = SignedJWT.parse(body.path("access_token").asText());
        assertThat(accessToken.verify(new RSASSAVerifier(realmKey(realmName, accessToken))))
            .as("signature checks with the realm's published key")
            .isTrue();
        JWTClaimsSet claims = accessToken.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(infra.keycloakUrl() + "/realms/" + realmName);
        assertThat(claims.getSubject()).isEqualTo(userId);
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo("alice");
        assertThat(claims.getStringClaim("azp")).isEqualTo(CLIENT_ID);
        assertThat(claims.getExpirationTime()).isAfter(new Date());

        HttpResponse<String> refused = requestToken(realmName, "alice", password + "-wrong");
        assertThat(refused.statusCode()).as("wrong password: %s", refused.body()).isEqualTo(400);
        assertThat(json.readTree(refused.body()).path("error").asText()).isEqualTo("invalid_grant");
      } finally {
        admin.realm(realmName).remove();
      }
      assertThat(admin.realms().findAll())
          .extracting(RealmRepresentation::getRealm)
          .doesNotContain(realmName);
    }
  }

  private static void createPublicClient(RealmResource realm) {
    ClientRepresentation client = new ClientRepresentation();
    client.setClientId(CLIENT_ID);
    client.setPublicClient(true);
    client.setDirectAccessGrantsEnabled(true);
    client.setStandardFlowEnabled(false);
    try (Response response = realm.clients().create(client)) {
      assertThat(response.getStatus()).isEqualTo(201);
    }
  }

  private static String createUser(RealmResource realm, String password) {
    CredentialRepresentation credential = new CredentialRepresentation();
    credential.setType(CredentialRepresentation.PASSWORD);
    credential.setValue(password);
    credential.setTemporary(false);
    UserRepresentation user = new UserRepresentation();
    user.setUsername("alice");
    user.setEmail("alice@example.test");
    user.setEmailVerified(true);
    user.setFirstName("Alice");
    user.setLastName("Smoke");
    user.setEnabled(true);
    user.setCredentials(List.of(credential));
    try (Response response = realm.users().create(user)) {
      assertThat(response.getStatus()).isEqualTo(201);
      return CreatedResponseUtil.getCreatedId(response);
    }
  }

  private HttpResponse<String> requestToken(String realm, String username, String password)
      throws Exception {
    String form =
        Map.of(
                "grant_type", "password",
                "client_id", CLIENT_ID,
                "username", username,
                "password", password,
                "scope", "openid")
            .entrySet()
            .stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    infra.keycloakUrl() + "/realms/" + realm + "/protocol/openid-connect/token"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private RSAKey realmKey(String realm, SignedJWT token) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    infra.keycloakUrl() + "/realms/" + realm + "/protocol/openid-connect/certs"))
            .timeout(Duration.ofSeconds(20))
            .build();
    HttpResponse<String> certs = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(certs.statusCode()).isEqualTo(200);
    String keyId = token.getHeader().getKeyID();
    RSAKey key = (RSAKey) JWKSet.parse(certs.body()).getKeyByKeyId(keyId);
    assertThat(key).as("realm key %s in the realm's JWKS", keyId).isNotNull();
    return key;
  }
}
