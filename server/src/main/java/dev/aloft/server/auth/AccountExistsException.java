package dev.aloft.server.auth;

/** An account with this id already exists in the namespace. */
public final class AccountExistsException extends RuntimeException {
  public AccountExistsException(String namespace, String id) {
    super("account '" + id + "' already exists in namespace '" + namespace + "'");
  }
}
