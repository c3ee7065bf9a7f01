package dev.aloft.server.auth;

import java.util.Set;

/**
 * Who a call is evaluated for: an account (with its namespace and scopes) or nobody.
 *
 * @param accountNamespace the namespace of the caller's account; null when anonymous
 * @param scopes the account's scopes; empty when anonymous
 */
public record Subject(String accountNamespace, Set<String> scopes) {

  public static final Subject ANONYMOUS = new Subject(null, Set.of());

  public Subject {
    scopes = Set.copyOf(scopes);
  }

  public boolean isAuthenticated() {
    return accountNamespace != null;
  }
}
