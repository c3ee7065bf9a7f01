package dev.aloft.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every token backend (issuer plus verifier) must do, on accounts of its account store. Each
 * test uses a namespace of its own. Time is the backend's: {@link #advance} moves a test clock
 * where the backend has one and really waits where the issuer keeps its own time (Keycloak), and
 * lifetimes are asked of the issuer ({@link TokenIssuer#accessTtl}) since not every issuer shortens
 * tokens per request.
 */
abstract class TokenContractTest {

  protected abstract AccountStore accounts();

  protected abstract TokenIssuer issuer();

  protected abstract TokenVerifier verifier();

  /** Opens the backend; called before each test. */
  protected abstract void openBackend();

  /** Lets the given time pass for the backend. */
  protected abstract void advance(Duration time);

  /** A verifier after the backend was restarted on the same data. */
  protected abstract TokenVerifier restartedVerifier();

  private static final String ALICE_SECRET = "alice-secret";

  private String ns;

  @BeforeEach
  void openBackendWithAnAccount() {
    openBackend();
    ns = "acme-" + UUID.randomUUID().toString().substring(0, 8);
    accounts()
        .create(
            ns,
            new NewAccount("alice", AccountType.USER, List.of("developer"), Map.of("team", "core")),
            ALICE_SECRET);
  }

  /** Alice's tokens, exchanged for her id and secret. */
  private IssuedTokens issue(Duration ttl) {
    return issuer().exchange(ns, "alice", ALICE_SECRET, ttl).orElseThrow();
  }

  @Test
  void accessTokenCarriesTheAccount() throws Exception {
    IssuedTokens tokens = issue(Duration.ZERO);

    VerifiedToken verified = verifier().verify(tokens.accessToken());

    assertThat(verified.accountId()).isEqualTo("alice");
    assertThat(verified.namespace()).isEqualTo(ns);
    assertThat(verified.type()).isEqualTo(AccountType.USER);
    assertThat(verified.scopes()).containsExactly("developer");
    assertThat(verified.metadata()).containsExactlyEntriesOf(Map.of("team", "core"));
    assertThat(tokens.expiry()).isEqualTo(tokens.created().plus(issuer().defaultAccessTtl()));
    assertThat(verified.expiry()).isEqualTo(tokens.expiry());
  }

  @Test
  void wrongSecretOrUnknownAccountGetsNoTokens() {
    assertThat(issuer().exchange(ns, "alice", "not-her-secret", Duration.ZERO)).isEmpty();
    assertThat(issuer().exchange(ns, "nobody", ALICE_SECRET, Duration.ZERO)).isEmpty();
    assertThat(issuer().exchange("empty-" + ns, "alice", ALICE_SECRET, Duration.ZERO)).isEmpty();
  }

  @Test
  void requestedLifetimeIsHonouredAsTheIssuerSaysButCappedAtTheDefault() {
    IssuedTokens shortLived = issue(Duration.ofSeconds(30));
    assertThat(Duration.between(shortLived.created(), shortLived.expiry()))
        .isEqualTo(issuer().accessTtl(Duration.ofSeconds(30)));
    assertThat(issuer().accessTtl(Duration.ofSeconds(30)))
        .isLessThanOrEqualTo(issuer().defaultAccessTtl());

    IssuedTokens capped = issue(Duration.ofDays(365));
    assertThat(Duration.between(capped.created(), capped.expiry()))
        .isEqualTo(issuer().defaultAccessTtl());
  }

  @Test
  void expiredAccessTokenIsRefused() {
    IssuedTokens tokens = issue(Duration.ofSeconds(2));
    advance(issuer().accessTtl(Duration.ofSeconds(2)).plusSeconds(1));
    assertThatThrownBy(() -> verifier().verify(tokens.accessToken()))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void aTokenVerifiedBeforeIsRefusedOnceItExpiresAsAnyOther() throws Exception {
    IssuedTokens tokens = issue(Duration.ofSeconds(2));
    assertThat(verifier().verify(tokens.accessToken()).accountId()).isEqualTo("alice");
    assertThat(verifier().verify(tokens.accessToken()).accountId()).isEqualTo("alice");

    advance(issuer().accessTtl(Duration.ofSeconds(2)).plusSeconds(1));

    assertThatThrownBy(() -> verifier().verify(tokens.accessToken()))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("expired at " + tokens.expiry());
  }

  @Test
  void aTamperedCopyOfAVerifiedTokenIsStillRefused() throws Exception {
    String token = issue(Duration.ZERO).accessToken();
    verifier().verify(token);
    String[] parts = token.split("\\.");
    char last = parts[2].charAt(parts[2].length() - 2);
    String otherSignature =
        parts[2].substring(0, parts[2].length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + parts[2].substring(parts[2].length() - 1);

    assertThatThrownBy(() -> verifier().verify(parts[0] + "." + parts[1] + "." + otherSignature))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("signature");
    assertThat(verifier().verify(token).accountId()).isEqualTo("alice");
  }

  @Test
  void tamperedOrForeignTokensAreRefused() throws Exception {
    String token = issue(Duration.ZERO).accessToken();
    String[] parts = token.split("\\.");
    Map<String, Object> payload =
        new java.util.LinkedHashMap<>(
            com.nimbusds.jose.util.JSONObjectUtils.parse(
                new String(
                    java.util.Base64.getUrlDecoder().decode(parts[1]),
                    java.nio.charset.StandardCharsets.UTF_8)));
    payload.replaceAll((name, value) -> "alice".equals(value) ? "mallory" : value);
    payload.put("scopes", List.of("admin"));
    String forgedPayload =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                com.nimbusds.jose.util.JSONObjectUtils.toJSONString(payload)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String tampered = parts[0] + "." + forgedPayload + "." + parts[2];

    assertThatThrownBy(() -> verifier().verify(tampered))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("signature");
    assertThatThrownBy(() -> verifier().verify("not-a-jwt"))
        .isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> verifier().verify(parts[0] + "." + parts[1] + "."))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void refreshTokenIsNoAccessToken() {
    String refresh = issue(Duration.ZERO).refreshToken();
    assertThatThrownBy(() -> verifier().verify(refresh))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("refresh");
  }

  @Test
  void refreshIssuesANewPairForTheSameAccount() throws Exception {
    IssuedTokens first = issue(Duration.ZERO);
    advance(Duration.ofSeconds(1));

    IssuedTokens second = issuer().refresh(first.refreshToken(), Duration.ZERO);

    VerifiedToken verified = verifier().verify(second.accessToken());
    assertThat(verified.accountId()).isEqualTo("alice");
    assertThat(verified.namespace()).isEqualTo(ns);
    assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
  }

  @Test
  void refreshStillWorksAfterTheAccessTokenExpired() throws Exception {
    IssuedTokens first = issue(Duration.ofSeconds(1));
    advance(issuer().accessTtl(Duration.ofSeconds(1)).plusSeconds(1));
    assertThatThrownBy(() -> verifier().verify(first.accessToken()))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("expired");
    assertThat(
            verifier()
                .verify(issuer().refresh(first.refreshToken(), Duration.ZERO).accessToken())
                .accountId())
        .isEqualTo("alice");
  }

  @Test
  void changingTheSecretRevokesRefreshTokens() {
    IssuedTokens tokens = issue(Duration.ZERO);
    accounts().changeSecret(ns, "alice", "another-secret");
    assertThatThrownBy(() -> issuer().refresh(tokens.refreshToken(), Duration.ZERO))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("revoked");
  }

  @Test
  void deletingTheAccountRevokesRefreshTokensEvenIfTheIdIsReused() {
    IssuedTokens tokens = issue(Duration.ZERO);
    accounts().delete(ns, "alice");
    assertThatThrownBy(() -> issuer().refresh(tokens.refreshToken(), Duration.ZERO))
        .isInstanceOf(InvalidTokenException.class);

    accounts()
        .create(ns, new NewAccount("alice", AccountType.USER, List.of(), Map.of()), ALICE_SECRET);
    assertThatThrownBy(() -> issuer().refresh(tokens.refreshToken(), Duration.ZERO))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("revoked");
  }

  @Test
  void accessTokenIsNoRefreshToken() {
    String access = issue(Duration.ZERO).accessToken();
    assertThatThrownBy(() -> issuer().refresh(access, Duration.ZERO))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void tokensStayValidAcrossARestart() throws Exception {
    String token = issue(Duration.ZERO).accessToken();
    assertThat(restartedVerifier().verify(token).accountId()).isEqualTo("alice");
  }
}
