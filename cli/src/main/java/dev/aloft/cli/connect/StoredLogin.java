package dev.aloft.cli.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * The tokens of the last {@code aloft login} to one environment, as kept in {@code config.json}
 * under {@code credentials.<environment>}.
 *
 * @param account the account id that logged in
 * @param namespace the namespace the account belongs to (the issuer of its tokens)
 * @param accessToken sent as {@code authorization: Bearer ...} on every call
 * @param refreshToken exchanged for a new pair when the access token is (about to be) expired
 * @param created when the access token was issued
 * @param expiry when the access token expires
 */
public record StoredLogin(
    String account,
    String namespace,
    String accessToken,
    String refreshToken,
    Instant created,
    Instant expiry) {

  /** Reads a login from its JSON form; empty when a field is missing (a hand-edited file). */
  public static Optional<StoredLogin> fromJson(JsonNode node) {
    if (!node.hasNonNull("access_token")
        || !node.hasNonNull("refresh_token")
        || !node.hasNonNull("expiry")) {
      return Optional.empty();
    }
    return Optional.of(
        new StoredLogin(
            node.path("account").asText(""),
            node.path("namespace").asText(""),
            node.path("access_token").asText(),
            node.path("refresh_token").asText(),
            Instant.ofEpochSecond(node.path("created").asLong(0)),
            Instant.ofEpochSecond(node.path("expiry").asLong())));
  }

  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("account", account);
    node.put("namespace", namespace);
    node.put("access_token", accessToken);
    node.put("refresh_token", refreshToken);
    node.put("created", created.getEpochSecond());
    node.put("expiry", expiry.getEpochSecond());
    return node;
  }

  /** The same login with a new token pair (from a refresh). */
  public StoredLogin withTokens(
      String newAccessToken, String newRefreshToken, Instant newCreated, Instant newExpiry) {
    return new StoredLogin(
        account, namespace, newAccessToken, newRefreshToken, newCreated, newExpiry);
  }
}
