package dev.aloft.server.auth.keycloak;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The signing keys each realm publishes (its JWKS, {@code /realms/<realm>/protocol/openid-connect/
 * certs}), fetched once and kept: a token whose key id is already known is verified without asking
 * Keycloak anything. An unknown key id (Keycloak rotated its keys, or a realm is new) fetches the
 * realm's keys again, at most once per {@link #REFETCH_INTERVAL} per realm, so that tokens with
 * made-up key ids cannot make Aloft hammer Keycloak. While Keycloak is down, known keys keep
 * working. Every fetch that finds a realm's keys changed starts a new {@link #generation}, so
 * tokens verified with the keys before are checked again.
 */
final class RealmKeys {

  static final Duration REFETCH_INTERVAL = Duration.ofSeconds(10);

  private record Fetched(JWKSet keys, long atNanos) {}

  private final KeycloakHttp http;
  private final Map<String, Fetched> byRealm = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  RealmKeys(KeycloakHttp http) {
    this.http = http;
  }

  /**
   * The realm's RSA key with this id; empty when the realm publishes none of that id.
   *
   * @throws dev.aloft.server.auth.BackendUnavailableException when the key is not known yet and
   *     Keycloak cannot be reached to fetch it
   */
  Optional<RSAKey> key(String realm, String keyId) {
    Fetched fetched = byRealm.get(realm);
    Optional<RSAKey> known = fetched == null ? Optional.empty() : rsaKey(fetched.keys(), keyId);
    if (known.isPresent()) {
      return known;
    }
    synchronized (this) {
      fetched = byRealm.get(realm);
      if (fetched != null) {
        known = rsaKey(fetched.keys(), keyId);
        if (known.isPresent()
            || System.nanoTime() - fetched.atNanos() < REFETCH_INTERVAL.toNanos()) {
          return known;
        }
      }
      Fetched before = fetched;
      fetched = new Fetched(fetch(realm), System.nanoTime());
      if (before != null && !before.keys().getKeys().equals(fetched.keys().getKeys())) {
        generation.incrementAndGet();
      }
      byRealm.put(realm, fetched);
      return rsaKey(fetched.keys(), keyId);
    }
  }

  /**
   * Changes whenever a realm's published keys changed since they were first fetched (a key was
   * rotated out or replaced); what was verified with the keys of an older generation must be
   * checked again.
   */
  long generation() {
    return generation.get();
  }

  private JWKSet fetch(String realm) {
    KeycloakHttp.Response response =
        http.get("/realms/" + realm + "/protocol/openid-connect/certs");
    if (response.status() == 404) {
      return new JWKSet(List.of());
    }
    if (!response.ok()) {
      throw new IllegalStateException(
          http.name() + " answered HTTP " + response.status() + " for the keys of realm " + realm);
    }
    try {
      return JWKSet.parse(response.body());
    } catch (ParseException e) {
      throw new IllegalStateException(
          http.name() + " published unreadable keys for realm " + realm + ": " + e.getMessage(), e);
    }
  }

  private static Optional<RSAKey> rsaKey(JWKSet keys, String keyId) {
    JWK key = keyId == null ? null : keys.getKeyByKeyId(keyId);
    return key instanceof RSAKey rsa ? Optional.of(rsa) : Optional.empty();
  }
}
