package dev.aloft.server.auth;

import dev.aloft.server.calls.NonBlocking;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Access tokens already verified, kept by their exact text until they expire, so that a caller
 * presenting the same token on every call costs one signature check per token instead of one per
 * call. A verifier consults it before its full check and stores what the full check accepted.
 *
 * <p>It answers only what the full check would: an entry is used only while {@code now} is before
 * the token's expiry (on the verifier's clock; at or after it the full check runs again and says
 * the token expired), and only while the verifier's keys are the ones the token was checked with:
 * each entry records the verifier's key generation ({@code keyGeneration}) when it was stored, and
 * a verifier whose keys changed (Keycloak published other keys for a realm) has a new generation,
 * which makes every older entry a miss. Tokens are stateless: nothing else a check reads can change
 * while a token is valid (deleting an account does not revoke its access tokens; see docs/auth.md).
 * Refused tokens are never kept.
 *
 * <p>Bounded: at most {@code maxEntries} tokens; when full, expired entries are dropped first, then
 * everything (the next calls verify again), so it never grows past the bound.
 */
public final class VerifiedTokenCache {

  /** Tokens kept by default: far more than the callers active within one token lifetime. */
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  private record Entry(VerifiedToken token, long keyGeneration) {}

  private final Clock clock;
  private final int maxEntries;
  private final LongSupplier keyGeneration;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /**
   * @param clock the verifier's clock (expiry is judged on it)
   * @param maxEntries the most tokens kept
   * @param keyGeneration the verifier's current key generation; changes whenever a key a token may
   *     have been verified with may no longer be the same
   */
  public VerifiedTokenCache(Clock clock, int maxEntries, LongSupplier keyGeneration) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
    }
    this.clock = clock;
    this.maxEntries = maxEntries;
    this.keyGeneration = keyGeneration;
  }

  /** A verifier's full check of an access token: signature, expiry, claims. */
  @FunctionalInterface
  public interface FullCheck {
    VerifiedToken verify(String accessToken) throws InvalidTokenException;
  }

  /**
   * The token as verified before when it still is valid with the current keys; else the full
   * check's answer, kept when it accepted the token (a refusal propagates and is not kept).
   */
  public VerifiedToken verify(String accessToken, FullCheck fullCheck)
      throws InvalidTokenException {
    VerifiedToken known = get(accessToken);
    if (known != null) {
      return known;
    }
    NonBlocking.beforeBlocking(); // a full check may fetch keys (Keycloak's JWKS)
    long generation = keyGeneration();
    VerifiedToken verified = fullCheck.verify(accessToken);
    put(accessToken, verified, generation);
    return verified;
  }

  /** The token as verified before, when it is still valid with the current keys; else null. */
  public VerifiedToken get(String accessToken) {
    Entry entry = entries.get(accessToken);
    if (entry == null) {
      return null;
    }
    if (entry.keyGeneration() != keyGeneration.getAsLong()
        || !clock.instant().isBefore(entry.token().expiry())) {
      entries.remove(accessToken, entry);
      return null;
    }
    return entry.token();
  }

  /** Keeps a token the full check accepted, verified with the keys of {@code generation}. */
  public void put(String accessToken, VerifiedToken token, long generation) {
    if (entries.size() >= maxEntries && !entries.containsKey(accessToken)) {
      var now = clock.instant();
      entries.values().removeIf(entry -> !now.isBefore(entry.token().expiry()));
      if (entries.size() >= maxEntries) {
        entries.clear();
      }
    }
    entries.put(accessToken, new Entry(token, generation));
  }

  /** The verifier's key generation now; read it before the full check, store with it after. */
  public long keyGeneration() {
    return keyGeneration.getAsLong();
  }

  /** How many tokens are kept. */
  public int size() {
    return entries.size();
  }
}
