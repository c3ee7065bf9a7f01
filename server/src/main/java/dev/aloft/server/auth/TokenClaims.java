package dev.aloft.server.auth;

/** Names of the claims in Aloft's tokens besides the registered ones (iss, sub, iat, exp, jti). */
final class TokenClaims {

  /** {@code user} or {@code service}. */
  static final String TYPE = "type";

  /** The account's scopes, an array of strings. */
  static final String SCOPES = "scopes";

  /** The account's metadata, an object of strings. */
  static final String METADATA = "metadata";

  /** {@code access} or {@code refresh}: a refresh token is never accepted as an access token. */
  static final String TOKEN_USE = "token_use";

  /** In refresh tokens: the account's credential version when the token was issued. */
  static final String CREDENTIAL_VERSION = "cv";

  static final String USE_ACCESS = "access";
  static final String USE_REFRESH = "refresh";

  private TokenClaims() {}
}
