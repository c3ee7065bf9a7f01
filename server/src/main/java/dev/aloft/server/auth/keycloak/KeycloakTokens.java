package dev.aloft.server.auth.keycloak;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.aloft.server.auth.AccountType;
import dev.aloft.server.auth.InvalidTokenException;
import dev.aloft.server.auth.IssuedTokens;
import dev.aloft.server.auth.TokenIssuer;
import dev.aloft.server.auth.TokenVerifier;
import dev.aloft.server.auth.VerifiedToken;
import dev.aloft.server.auth.VerifiedTokenCache;
import dev.aloft.tenant.TenantRealm;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tokens issued by Keycloak, verified by Aloft. {@link #exchange} and {@link #refresh} go to the
 * token endpoint of the namespace's realm; {@link #verify} never calls Keycloak for a token whose
 * key is known ({@link RealmKeys}): it checks the RS256 signature against the realm's published
 * key, the expiry, the type ({@code Bearer}), the audience {@value TenantRealm#CLIENT_ID}, and maps
 * the issuer back to the namespace, which the {@value TenantRealm#NAMESPACE_CLAIM} claim must
 * repeat. The account comes from the claims the realm's mappers add: {@value
 * TenantRealm#ACCOUNT_CLAIM}, {@value TenantRealm#TYPE_CLAIM}, {@value TenantRealm#SCOPES_CLAIM},
 * {@value TenantRealm#METADATA_CLAIM}.
 *
 * <p>Keycloak sets the lifetime of access tokens per realm (the realms Aloft creates get {@code
 * aloft.auth.access-token-ttl}); a shorter lifetime asked for per request is not honoured.
 */
public final class KeycloakTokens implements TokenIssuer, TokenVerifier {

  private static final String ACCESS_TYPE = "Bearer";
  private static final String REFRESH_TYPE = "Refresh";

  private final NamespaceRealms realms;
  private final KeycloakAccountStore accounts;
  private final RealmTokenEndpoint tokenEndpoint;
  private final RealmKeys keys;
  private final Duration accessTtl;
  private final Clock clock;
  private final VerifiedTokenCache verifiedTokens;

  public KeycloakTokens(
      KeycloakHttp http, NamespaceRealms realms, KeycloakAccountStore accounts, Clock clock) {
    this.realms = realms;
    this.accounts = accounts;
    this.tokenEndpoint = new RealmTokenEndpoint(http);
    this.keys = new RealmKeys(http);
    this.accessTtl = http.settings().accessTtl();
    this.clock = clock;
    this.verifiedTokens =
        new VerifiedTokenCache(clock, VerifiedTokenCache.DEFAULT_MAX_ENTRIES, keys::generation);
  }

  @Override
  public Duration defaultAccessTtl() {
    return accessTtl;
  }

  @Override
  public Duration accessTtl(Duration requested) {
    return accessTtl;
  }

  @Override
  public Optional<IssuedTokens> exchange(
      String namespace, String accountId, String secret, Duration requestedTtl) {
    Optional<RealmTokenEndpoint.Grant> grant =
        tokenEndpoint
            .password(namespace, accountId, secret)
            .or(
                () ->
                    tokenEndpoint.clientCredentials(
                        namespace, TenantRealm.SERVICE_CLIENT_PREFIX + accountId, secret));
    if (grant.isEmpty()) {
      return Optional.empty();
    }
    JWTClaimsSet claims = unverifiedClaims(grant.get().accessToken());
    // Keycloak finds users regardless of case; the account is the one with exactly this id.
    if (!accountId.equals(claims == null ? null : claim(claims, TenantRealm.ACCOUNT_CLAIM))) {
      return Optional.empty();
    }
    return Optional.of(issued(grant.get(), claims));
  }

  @Override
  public IssuedTokens refresh(String refreshToken, Duration requestedTtl)
      throws InvalidTokenException {
    JWTClaimsSet claims = unverifiedClaims(refreshToken);
    if (claims == null) {
      throw new InvalidTokenException("refresh token is not a signed JWT");
    }
    if (!REFRESH_TYPE.equals(claim(claims, "typ"))) {
      throw new InvalidTokenException(
          "not a refresh token (typ '" + claim(claims, "typ") + "'); give the refresh token");
    }
    String namespace =
        realms
            .namespaceOfIssuer(claims.getIssuer())
            .orElseThrow(
                () ->
                    new InvalidTokenException(
                        "refresh token was issued by '"
                            + claims.getIssuer()
                            + "', not by a realm of this platform's Keycloak"));
    String clientId = claim(claims, "azp");
    Optional<String> clientSecret = Optional.empty();
    if (clientId != null && clientId.startsWith(TenantRealm.SERVICE_CLIENT_PREFIX)) {
      clientSecret = accounts.serviceSecret(namespace, clientId);
      if (clientSecret.isEmpty()) {
        throw new InvalidTokenException(
            "refresh token revoked: its service account no longer exists");
      }
    } else if (!TenantRealm.CLIENT_ID.equals(clientId)) {
      throw new InvalidTokenException(
          "refresh token was issued to client '" + clientId + "', not to an Aloft account");
    }
    RealmTokenEndpoint.Grant grant;
    try {
      grant = tokenEndpoint.refresh(namespace, clientId, clientSecret, refreshToken);
    } catch (RealmTokenEndpoint.RefreshRefused e) {
      throw new InvalidTokenException(
          "refresh token revoked or expired (Keycloak: " + e.getMessage() + ")");
    }
    JWTClaimsSet access = unverifiedClaims(grant.accessToken());
    if (access == null || claim(access, TenantRealm.ACCOUNT_CLAIM) == null) {
      throw new InvalidTokenException("refresh token revoked: its account is not an Aloft account");
    }
    return issued(grant, access);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A token accepted before is answered from the {@link VerifiedTokenCache} until it expires or
   * until a realm's published keys change ({@link RealmKeys#generation}).
   */
  @Override
  public VerifiedToken verify(String accessToken) throws InvalidTokenException {
    return verifiedTokens.verify(accessToken, this::verifyFully);
  }

  private VerifiedToken verifyFully(String accessToken) throws InvalidTokenException {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(accessToken);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new InvalidTokenException("token is not a signed JWT");
    }
    if (REFRESH_TYPE.equals(claim(claims, "typ"))) {
      throw new InvalidTokenException("a refresh token is not an access token");
    }
    if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
      throw new InvalidTokenException("token is not signed with RS256");
    }
    String namespace =
        realms
            .namespaceOfIssuer(claims.getIssuer())
            .orElseThrow(
                () ->
                    new InvalidTokenException(
                        "token issuer '"
                            + claims.getIssuer()
                            + "' is not a realm of this platform's Keycloak"));
    String keyId = jwt.getHeader().getKeyID();
    RSAKey key =
        keys.key(NamespaceRealms.realm(namespace), keyId)
            .orElseThrow(
                () ->
                    new InvalidTokenException(
                        "token signature cannot be verified: key '"
                            + keyId
                            + "' is not a key of realm "
                            + NamespaceRealms.realm(namespace)));
    try {
      if (!jwt.verify(new RSASSAVerifier(key))) {
        throw new InvalidTokenException("token signature is not valid");
      }
    } catch (JOSEException e) {
      throw new InvalidTokenException("token signature cannot be verified");
    }
    Date expiry = claims.getExpirationTime();
    Date issued = claims.getIssueTime();
    if (expiry == null || issued == null) {
      throw new InvalidTokenException("token has no expiry or issue time");
    }
    if (!clock.instant().isBefore(expiry.toInstant())) {
      throw new InvalidTokenException("token expired at " + expiry.toInstant());
    }
    if (!ACCESS_TYPE.equals(claim(claims, "typ"))) {
      throw new InvalidTokenException(
          "token is not an access token (typ '" + claim(claims, "typ") + "')");
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(TenantRealm.CLIENT_ID)) {
      throw new InvalidTokenException("token is not meant for Aloft (audience)");
    }
    if (!namespace.equals(claim(claims, TenantRealm.NAMESPACE_CLAIM))) {
      throw new InvalidTokenException(
          "token claim " + TenantRealm.NAMESPACE_CLAIM + " does not name its realm's namespace");
    }
    String accountId = claim(claims, TenantRealm.ACCOUNT_CLAIM);
    if (accountId == null || accountId.isEmpty()) {
      throw new InvalidTokenException(
          "token has no " + TenantRealm.ACCOUNT_CLAIM + " claim: not an Aloft account");
    }
    AccountType type =
        AccountType.fromWireName(claim(claims, TenantRealm.TYPE_CLAIM))
            .orElseThrow(() -> new InvalidTokenException("token has an unknown account type"));
    try {
      List<String> scopes = claims.getStringListClaim(TenantRealm.SCOPES_CLAIM);
      Map<String, Object> rawMetadata = claims.getJSONObjectClaim(TenantRealm.METADATA_CLAIM);
      Map<String, String> metadata = new LinkedHashMap<>();
      if (rawMetadata != null) {
        rawMetadata.forEach((name, value) -> metadata.put(name, String.valueOf(value)));
      }
      return new VerifiedToken(
          accountId,
          namespace,
          type,
          scopes == null ? List.of() : scopes,
          metadata,
          issued.toInstant(),
          expiry.toInstant());
    } catch (ParseException e) {
      throw new InvalidTokenException("token claims are malformed: " + e.getMessage());
    }
  }

  private static IssuedTokens issued(RealmTokenEndpoint.Grant grant, JWTClaimsSet access) {
    Instant created = access.getIssueTime().toInstant();
    Instant expiry = access.getExpirationTime().toInstant();
    return new IssuedTokens(grant.accessToken(), grant.refreshToken(), created, expiry);
  }

  /** The claims of a JWS without checking its signature; null when it is none. */
  private static JWTClaimsSet unverifiedClaims(String token) {
    try {
      return SignedJWT.parse(token).getJWTClaimsSet();
    } catch (ParseException e) {
      return null;
    }
  }

  private static String claim(JWTClaimsSet claims, String name) {
    Object value = claims.getClaim(name);
    return value instanceof String text ? text : null;
  }
}
