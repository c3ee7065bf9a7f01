package dev.aloft.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AccessTokenClaimsTest {

  private static String part(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsIssuerSubjectAndExpiryOfAJwt() {
    String jwt =
        part("{\"alg\":\"RS256\"}")
            + "."
            + part("{\"iss\":\"acme\",\"sub\":\"alice\",\"exp\":1900000000}")
            + ".c2ln";

    assertThat(AccessTokenClaims.read(jwt))
        .contains(
            new AccessTokenClaims(
                "acme", "acme", "alice", java.util.Optional.of(Instant.ofEpochSecond(1900000000))));
  }

  @Test
  void aKeycloakTokenNamesItsNamespaceInAClaimAndItsRealmUrlAsIssuer() {
    String jwt =
        part("{\"alg\":\"RS256\"}")
            + "."
            + part(
                "{\"iss\":\"http://127.0.0.1:8180/realms/aloft-acme\",\"aloft_namespace\":\"acme\","
                    + "\"sub\":\"0b5e\"}")
            + ".c2ln";

    AccessTokenClaims claims = AccessTokenClaims.read(jwt).orElseThrow();

    assertThat(claims.namespace()).isEqualTo("acme");
    assertThat(claims.issuer()).isEqualTo("http://127.0.0.1:8180/realms/aloft-acme");
  }

  @Test
  void somethingElseIsNoToken() {
    assertThat(AccessTokenClaims.read("not-a-token")).isEmpty();
    assertThat(AccessTokenClaims.read("a.%%%.c")).isEmpty();
    assertThat(AccessTokenClaims.read("a." + part("[1]") + ".c")).isEmpty();
  }
}
