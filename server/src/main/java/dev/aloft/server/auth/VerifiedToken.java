package dev.aloft.server.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a verified access token says about its holder.
 *
 * @param accountId the account (subject)
 * @param namespace the namespace of the account (issuer)
 */
public record VerifiedToken(
    String accountId,
    String namespace,
    AccountType type,
    List<String> scopes,
    Map<String, String> metadata,
    Instant issuedAt,
    Instant expiry) {

  public VerifiedToken {
    scopes = List.copyOf(scopes);
    metadata = Map.copyOf(metadata);
  }
}
