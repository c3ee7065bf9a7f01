package dev.aloft.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tokens signed and verified with the platform's own key pair ({@link LocalSigningKey}): RS256 JWTs
 * whose issuer is the account's namespace and whose subject is the account id. Refresh tokens carry
 * the account's credential version and are refused once it changed.
 */
@ApplicationScoped
@Typed(LocalKeyTokens.class)
public class LocalKeyTokens implements TokenIssuer, TokenVerifier {

  private final LocalSigningKey signingKey;
  private final AccountStore accounts;
  private final Duration accessTtl;
  private final Duration refreshTtl;
  private final Clock clock;
  private final RSASSASigner signer;
  private final RSASSAVerifier verifier;
  private final VerifiedTokenCache verifiedTokens;

  @Inject
  public LocalKeyTokens(
      @ConfigProperty(name = "aloft.data-dir") Path dataDir,
      @ConfigProperty(name = "aloft.auth.access-token-ttl", defaultValue = "15M")
          Duration accessTtl,
      @ConfigProperty(name = "aloft.auth.refresh-token-ttl", defaultValue = "7D")
          Duration refreshTtl,
      EmbeddedAccountStore accounts) {
    this(
        LocalSigningKey.loadOrCreate(dataDir.resolve("auth")),
        accounts,
        accessTtl,
        refreshTtl,
        Clock.systemUTC());
  }

  public LocalKeyTokens(
      LocalSigningKey signingKey,
      AccountStore accounts,
      Duration accessTtl,
      Duration refreshTtl,
      Clock clock) {
    if (accessTtl.toSeconds() < 1 || refreshTtl.compareTo(accessTtl) < 0) {
      throw new IllegalArgumentException(
          "aloft.auth.access-token-ttl must be at least 1s and aloft.auth.refresh-token-ttl at"
              + " least as long, got "
              + accessTtl
              + " and "
              + refreshTtl);
    }
    this.signingKey = signingKey;
    this.accounts = accounts;
    this.accessTtl = accessTtl;
    this.refreshTtl = refreshTtl;
    this.clock = clock;
    try {
      this.signer = new RSASSASigner(signingKey.privateKey());
      this.verifier = new RSASSAVerifier(signingKey.publicKey());
    } catch (JOSEException e) {
      throw new IllegalStateException("unusable token signing key " + signingKey.file(), e);
    }
    // the key pair is read once and never changes while the server runs: one key generation
    this.verifiedTokens =
        new VerifiedTokenCache(clock, VerifiedTokenCache.DEFAULT_MAX_ENTRIES, () -> 0);
  }

  @Override
  public Duration defaultAccessTtl() {
    return accessTtl;
  }

  @Override
  public Duration accessTtl(Duration requested) {
    return requested.isZero() || requested.compareTo(accessTtl) > 0 ? accessTtl : requested;
  }

  @Override
  public Optional<IssuedTokens> exchange(
      String namespace, String accountId, String secret, Duration requestedTtl) {
    return accounts
        .authenticate(namespace, accountId, secret)
        .map(account -> issue(account, requestedTtl));
  }

  /** Issues a pair for an account whose credentials were checked. */
  public IssuedTokens issue(Account account, Duration requestedTtl) {
    String credentialVersion =
        accounts
            .credentialVersion(account.namespace(), account.id())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "account " + account.id() + " vanished while its tokens were issued"));
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiry = now.plus(accessTtl(requestedTtl));
    JWTClaimsSet access =
        accountClaims(account, now)
            .expirationTime(Date.from(expiry))
            .claim(TokenClaims.TOKEN_USE, TokenClaims.USE_ACCESS)
            .build();
    JWTClaimsSet refresh =
        new JWTClaimsSet.Builder()
            .issuer(account.namespace())
            .subject(account.id())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(refreshTtl)))
            .jwtID(UUID.randomUUID().toString())
            .claim(TokenClaims.TOKEN_USE, TokenClaims.USE_REFRESH)
            .claim(TokenClaims.CREDENTIAL_VERSION, credentialVersion)
            .build();
    return new IssuedTokens(sign(access), sign(refresh), now, expiry);
  }

  @Override
  public IssuedTokens refresh(String refreshToken, Duration requestedTtl)
      throws InvalidTokenException {
    JWTClaimsSet claims = verifiedClaims(refreshToken, TokenClaims.USE_REFRESH);
    String namespace = claims.getIssuer();
    String accountId = claims.getSubject();
    String credentialVersion = stringClaim(claims, TokenClaims.CREDENTIAL_VERSION);
    boolean current =
        accounts
            .credentialVersion(namespace, accountId)
            .map(version -> version.equals(credentialVersion))
            .orElse(false);
    if (!current) {
      throw new InvalidTokenException(
          "refresh token revoked: the account was deleted or its secret changed");
    }
    Account account =
        accounts
            .find(namespace, accountId)
            .orElseThrow(() -> new InvalidTokenException("refresh token revoked"));
    return issue(account, requestedTtl);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A token accepted before is answered from the {@link VerifiedTokenCache} until it expires.
   */
  @Override
  public VerifiedToken verify(String accessToken) throws InvalidTokenException {
    return verifiedTokens.verify(accessToken, this::verifyFully);
  }

  private VerifiedToken verifyFully(String accessToken) throws InvalidTokenException {
    JWTClaimsSet claims = verifiedClaims(accessToken, TokenClaims.USE_ACCESS);
    AccountType type =
        AccountType.fromWireName(stringClaim(claims, TokenClaims.TYPE))
            .orElseThrow(() -> new InvalidTokenException("token has an unknown account type"));
    try {
      List<String> scopes = claims.getStringListClaim(TokenClaims.SCOPES);
      Map<String, Object> rawMetadata = claims.getJSONObjectClaim(TokenClaims.METADATA);
      Map<String, String> metadata = new LinkedHashMap<>();
      if (rawMetadata != null) {
        rawMetadata.forEach((key, value) -> metadata.put(key, String.valueOf(value)));
      }
      return new VerifiedToken(
          claims.getSubject(),
          claims.getIssuer(),
          type,
          scopes == null ? List.of() : scopes,
          metadata,
          claims.getIssueTime().toInstant(),
          claims.getExpirationTime().toInstant());
    } catch (ParseException e) {
      throw new InvalidTokenException("token claims are malformed: " + e.getMessage());
    }
  }

  private JWTClaimsSet.Builder accountClaims(Account account, Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(account.namespace())
        .subject(account.id())
        .issueTime(Date.from(now))
        .jwtID(UUID.randomUUID().toString())
        .claim(TokenClaims.TYPE, account.type().wireName())
        .claim(TokenClaims.SCOPES, account.scopes())
        .claim(TokenClaims.METADATA, account.metadata());
  }

  private String sign(JWTClaimsSet claims) {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(signingKey.keyId())
                .build(),
            claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return jwt.serialize();
  }

  /** Signature, algorithm, expiry, issuer, subject and use; the claims when all hold. */
  private JWTClaimsSet verifiedClaims(String token, String expectedUse)
      throws InvalidTokenException {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new InvalidTokenException("token is not a signed JWT");
    }
    if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
      throw new InvalidTokenException("token is not signed with RS256");
    }
    try {
      if (!jwt.verify(verifier)) {
        throw new InvalidTokenException("token signature is not valid");
      }
    } catch (JOSEException e) {
      throw new InvalidTokenException("token signature cannot be verified");
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new InvalidTokenException("token claims are malformed");
    }
    Date expiry = claims.getExpirationTime();
    if (expiry == null || claims.getIssueTime() == null) {
      throw new InvalidTokenException("token has no expiry or issue time");
    }
    if (!clock.instant().isBefore(expiry.toInstant())) {
      throw new InvalidTokenException("token expired at " + expiry.toInstant());
    }
    if (claims.getIssuer() == null || claims.getIssuer().isEmpty()) {
      throw new InvalidTokenException("token has no issuer");
    }
    if (claims.getSubject() == null || claims.getSubject().isEmpty()) {
      throw new InvalidTokenException("token has no subject");
    }
    String use = stringClaim(claims, TokenClaims.TOKEN_USE);
    if (!expectedUse.equals(use)) {
      throw new InvalidTokenException(
          "token_use is '" + use + "' where '" + expectedUse + "' is needed");
    }
    return claims;
  }

  private static String stringClaim(JWTClaimsSet claims, String name) throws InvalidTokenException {
    try {
      String value = claims.getStringClaim(name);
      if (value == null) {
        throw new InvalidTokenException("token has no " + name + " claim");
      }
      return value;
    } catch (ParseException e) {
      throw new InvalidTokenException("token claim " + name + " is not a string");
    }
  }
}
