package dev.aloft.server.auth;

import java.util.List;
import java.util.Optional;

/**
 * Where the accounts of every namespace live, with their secrets. Every method takes the namespace
 * explicitly; an account of one namespace is invisible from every other.
 */
public interface AccountStore {

  /**
   * Creates an account with this secret.
   *
   * @throws AccountExistsException when the namespace already has an account with this id
   */
  Account create(String namespace, NewAccount account, String secret);

  Optional<Account> find(String namespace, String id);

  /** The namespace's accounts ordered by id. */
  List<Account> list(String namespace);

  /** Deletes the account; false when there was none. */
  boolean delete(String namespace, String id);

  /** Replaces the secret; false when there is no such account. */
  boolean changeSecret(String namespace, String id, String newSecret);

  /** The account when the secret is its secret, empty when the account or the secret is wrong. */
  Optional<Account> authenticate(String namespace, String id, String secret);

  /**
   * An opaque value that changes whenever the account's secret changes and differs between two
   * accounts that ever had the same id; empty when there is no such account. Refresh tokens carry
   * it, so that changing the secret or deleting the account revokes them.
   */
  Optional<String> credentialVersion(String namespace, String id);
}
