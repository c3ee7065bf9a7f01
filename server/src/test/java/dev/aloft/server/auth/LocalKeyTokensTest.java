package dev.aloft.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token contract on the local key pair, plus what is particular to it: the key file. */
class LocalKeyTokensTest extends TokenContractTest {

  @TempDir Path dir;
  private EmbeddedDatabase database;
  private AccountStore accounts;
  private LocalKeyTokens tokens;
  private final MovableClock clock = new MovableClock();

  @Override
  protected void openBackend() {
    database = new EmbeddedDatabase(dir);
    accounts = new EmbeddedAccountStore(database.dataSource());
    tokens = newTokens();
  }

  private LocalKeyTokens newTokens() {
    return new LocalKeyTokens(
        LocalSigningKey.loadOrCreate(dir.resolve("auth")),
        accounts,
        Duration.ofMinutes(15),
        Duration.ofDays(7),
        clock);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Override
  protected AccountStore accounts() {
    return accounts;
  }

  @Override
  protected TokenIssuer issuer() {
    return tokens;
  }

  @Override
  protected TokenVerifier verifier() {
    return tokens;
  }

  @Override
  protected void advance(Duration time) {
    clock.now = clock.now.plus(time);
  }

  @Override
  protected TokenVerifier restartedVerifier() {
    return newTokens();
  }

  @Test
  void aTokenIsCheckedOnceAndThenAnsweredFromTheCache() throws Exception {
    accounts.create(
        "cache-ns", new NewAccount("bob", AccountType.USER, List.of(), Map.of()), "bob-secret");
    String token =
        tokens.exchange("cache-ns", "bob", "bob-secret", Duration.ZERO).orElseThrow().accessToken();

    VerifiedToken first = tokens.verify(token);

    assertThat(tokens.verify(token)).isSameAs(first);
    // a server started on the same key verifies it afresh, to the same result
    assertThat(newTokens().verify(token)).isNotSameAs(first).isEqualTo(first);
  }

  @Test
  void keyPairIsCreatedOnceWithAPrivateFile() throws Exception {
    Path file = dir.resolve("auth").resolve(LocalSigningKey.FILE_NAME);
    String keyId = LocalSigningKey.loadOrCreate(dir.resolve("auth")).keyId();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(LocalSigningKey.loadOrCreate(dir.resolve("auth")).keyId()).isEqualTo(keyId);
  }

  @Test
  void tokensAreRs256JwtsWithTheDocumentedClaims() throws Exception {
    Account account =
        accounts.create(
            "acme",
            new NewAccount("orders", AccountType.SERVICE, List.of("svc"), Map.of("k", "v")),
            "orders-secret");
    IssuedTokens issued = tokens.issue(account, Duration.ZERO);

    SignedJWT access = SignedJWT.parse(issued.accessToken());
    assertThat(access.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(access.getHeader().getKeyID())
        .isEqualTo(LocalSigningKey.loadOrCreate(dir.resolve("auth")).keyId());
    var claims = access.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("acme");
    assertThat(claims.getSubject()).isEqualTo("orders");
    assertThat(claims.getStringClaim("type")).isEqualTo("service");
    assertThat(claims.getStringListClaim("scopes")).containsExactly("svc");
    assertThat(claims.getJSONObjectClaim("metadata")).containsEntry("k", "v");
    assertThat(claims.getStringClaim("token_use")).isEqualTo("access");
    assertThat(claims.getJWTID()).isNotBlank();

    var refresh = SignedJWT.parse(issued.refreshToken()).getJWTClaimsSet();
    assertThat(refresh.getStringClaim("token_use")).isEqualTo("refresh");
    assertThat(
            Duration.between(
                refresh.getIssueTime().toInstant(), refresh.getExpirationTime().toInstant()))
        .isEqualTo(Duration.ofDays(7));
  }

  @Test
  void aTokenOfAnotherKeyPairIsRefused() {
    Account account =
        accounts.create(
            "acme", new NewAccount("bob", AccountType.USER, List.of(), Map.of()), "bob-secret1");
    LocalKeyTokens otherPlatform =
        new LocalKeyTokens(
            LocalSigningKey.loadOrCreate(dir.resolve("other")),
            accounts,
            Duration.ofMinutes(15),
            Duration.ofDays(7),
            clock);
    String foreign = otherPlatform.issue(account, Duration.ZERO).accessToken();
    assertThatThrownBy(() -> tokens.verify(foreign))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("signature");
  }

  @Test
  void aShorterLifetimeAskedForIsHonoured() {
    Account account =
        accounts.create(
            "acme", new NewAccount("dave", AccountType.USER, List.of(), Map.of()), "dave-secret");
    IssuedTokens shortLived = tokens.issue(account, Duration.ofSeconds(30));

    assertThat(tokens.accessTtl(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    assertThat(Duration.between(shortLived.created(), shortLived.expiry()))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(tokens.accessTtl(Duration.ZERO)).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void refreshTokensExpireToo() {
    Account account =
        accounts.create(
            "acme", new NewAccount("carol", AccountType.USER, List.of(), Map.of()), "carol-secret");
    String refresh = tokens.issue(account, Duration.ZERO).refreshToken();
    advance(Duration.ofDays(7).plusSeconds(1));
    assertThatThrownBy(() -> tokens.refresh(refresh, Duration.ZERO))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void unusableLifetimesAreRefusedWithTheirNames() {
    assertThatThrownBy(
            () ->
                new LocalKeyTokens(
                    LocalSigningKey.loadOrCreate(dir.resolve("auth")),
                    accounts,
                    Duration.ofHours(2),
                    Duration.ofHours(1),
                    clock))
        .hasMessageContaining("aloft.auth.refresh-token-ttl");
  }

  /** A clock the test moves forward. */
  private static final class MovableClock extends Clock {
    Instant now = Instant.now();

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
