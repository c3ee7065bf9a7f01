package dev.aloft.cli.connect;

import java.time.Duration;
import java.time.Instant;

/**
 * When a stored access token is replaced using its refresh token: once it has expired, or when it
 * is about to (within a quarter of its lifetime, at most 30 seconds), so that a call never leaves
 * with a token that expires on the way.
 */
public final class RefreshPolicy {

  static final Duration MAX_MARGIN = Duration.ofSeconds(30);

  private RefreshPolicy() {}

  /** How long before expiry a token of this lifetime is refreshed. */
  public static Duration margin(Instant created, Instant expiry) {
    Duration lifetime = Duration.between(created, expiry);
    if (lifetime.isNegative() || lifetime.isZero()) {
      return MAX_MARGIN;
    }
    Duration quarter = lifetime.dividedBy(4);
    return quarter.compareTo(MAX_MARGIN) < 0 ? quarter : MAX_MARGIN;
  }

  /** Whether the login's access token must be refreshed before a call made at NOW. */
  public static boolean due(StoredLogin login, Instant now) {
    return !now.isBefore(login.expiry().minus(margin(login.created(), login.expiry())));
  }
}
