package dev.aloft.server.auth;

import java.util.List;
import java.util.Map;

/** What is needed to create an account, besides its namespace and secret. */
public record NewAccount(
    String id, AccountType type, List<String> scopes, Map<String, String> metadata) {

  public NewAccount {
    scopes = List.copyOf(scopes);
    metadata = Map.copyOf(metadata);
  }
}
