package dev.aloft.server.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * Exchanges an account's credentials, or a refresh token, for tokens. The embedded implementation
 * checks the secret in the account store and signs with the platform's key; a cluster one lets the
 * identity provider check the secret and issue the tokens.
 */
public interface TokenIssuer {

  /**
   * Issues an access token and a refresh token for the account {@code accountId} of the namespace
   * when {@code secret} is its secret.
   *
   * @param accessTtl the lifetime asked for; zero for the default (see {@link #accessTtl})
   * @return empty when there is no such account or the secret is wrong
   * @throws BackendUnavailableException when the backend that checks secrets cannot be reached
   */
  Optional<IssuedTokens> exchange(
      String namespace, String accountId, String secret, Duration accessTtl);

  /**
   * Issues a new pair for a refresh token that is valid and not revoked (its account still exists
   * and its secret did not change since).
   *
   * @throws InvalidTokenException naming why the refresh token cannot be used
   * @throws BackendUnavailableException when the backend that checks it cannot be reached
   */
  IssuedTokens refresh(String refreshToken, Duration accessTtl) throws InvalidTokenException;

  /** The lifetime of access tokens when the caller asks for none (and the maximum). */
  Duration defaultAccessTtl();

  /**
   * The lifetime an access token gets when {@code requested} is asked for: never more than {@link
   * #defaultAccessTtl}; zero asks for the default. A backend that cannot shorten tokens per request
   * answers its default for every request.
   */
  Duration accessTtl(Duration requested);
}
