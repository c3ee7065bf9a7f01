package dev.aloft.server.auth;

/**
 * Verifies access tokens: signature, expiry and issuer. The embedded implementation checks against
 * the local key pair; a cluster one checks against a realm's published keys.
 */
public interface TokenVerifier {

  /**
   * @throws InvalidTokenException naming why the token is not acceptable (malformed, bad signature,
   *     expired, not an access token)
   */
  VerifiedToken verify(String accessToken) throws InvalidTokenException;
}
