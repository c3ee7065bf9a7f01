package dev.aloft.server.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An identity of a namespace, as stored (the secret is kept only as a hash, by the store).
 *
 * @param namespace the namespace the account belongs to; the issuer of its tokens
 * @param id unique within the namespace
 * @param type user or service
 * @param scopes named scopes that rules match on
 * @param metadata free-form pairs carried in the account's tokens
 * @param created when the account was created
 */
public record Account(
    String namespace,
    String id,
    AccountType type,
    List<String> scopes,
    Map<String, String> metadata,
    Instant created) {

  public Account {
    scopes = List.copyOf(scopes);
    metadata = Map.copyOf(metadata);
  }
}
