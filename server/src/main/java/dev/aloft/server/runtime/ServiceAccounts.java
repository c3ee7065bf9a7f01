package dev.aloft.server.runtime;

import dev.aloft.server.auth.Access;
import dev.aloft.server.auth.Account;
import dev.aloft.server.auth.AccountExistsException;
import dev.aloft.server.auth.AccountStore;
import dev.aloft.server.auth.AccountType;
import dev.aloft.server.auth.NamespaceRules;
import dev.aloft.server.auth.NewAccount;
import dev.aloft.server.auth.Resource;
import dev.aloft.server.auth.Rule;
import dev.aloft.server.auth.RuleExistsException;
import dev.aloft.server.auth.RuleStore;
import dev.aloft.server.auth.SecretHash;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service accounts of services the runtime runs: one per service, in its namespace, of type
 * {@code service}, id the service's name, scope {@code service}, metadata {@code
 * aloft.runtime=local}. Each start of a service gets a fresh secret (so no secret is kept on disk);
 * deleting the service deletes its account. The namespace gets rules granting the {@code service}
 * scope the platform services a service uses (registry, config, store, events), so that they keep
 * working when a tenant narrows the default rules.
 */
public final class ServiceAccounts {

  static final String SCOPE = "service";
  static final String MARK_KEY = "aloft.runtime";
  static final String MARK_VALUE = "local";

  static final List<Rule> RULES =
      List.of("registry", "config", "store", "events").stream()
          .map(
              service ->
                  new Rule(
                      "runtime-service-" + service,
                      SCOPE,
                      new Resource("service", service, "*"),
                      Access.GRANTED,
                      0))
          .toList();

  private final AccountStore accounts;
  private final RuleStore rules;
  private final Optional<NamespaceRules> cachedRules;

  public ServiceAccounts(
      AccountStore accounts, RuleStore rules, Optional<NamespaceRules> cachedRules) {
    this.accounts = accounts;
    this.rules = rules;
    this.cachedRules = cachedRules;
  }

  /** An account id and the secret it has from now on. */
  public record Credentials(String id, String secret) {}

  /**
   * Fails unless NAME can be the runtime's account in NAMESPACE: no account of that id, or one the
   * runtime made.
   */
  void checkAvailable(String namespace, String name) {
    accounts
        .find(namespace, name)
        .filter(account -> !ours(account))
        .ifPresent(
            account -> {
              throw new ServiceExistsException(
                  "service.name: namespace '"
                      + namespace
                      + "' has a "
                      + account.type().name().toLowerCase(java.util.Locale.ROOT)
                      + " account '"
                      + name
                      + "' that the runtime did not create; a service runs as the account of its"
                      + " name, so choose another name");
            });
  }

  /** Creates the service's account, or gives the existing one a new secret. */
  Credentials issue(String namespace, String name) {
    ensureRules(namespace);
    String secret = SecretHash.generateSecret();
    Optional<Account> existing = accounts.find(namespace, name);
    if (existing.isPresent()) {
      checkAvailable(namespace, name);
      accounts.changeSecret(namespace, name, secret);
      return new Credentials(name, secret);
    }
    try {
      accounts.create(
          namespace,
          new NewAccount(name, AccountType.SERVICE, List.of(SCOPE), Map.of(MARK_KEY, MARK_VALUE)),
          secret);
    } catch (AccountExistsException raced) {
      accounts.changeSecret(namespace, name, secret);
    }
    return new Credentials(name, secret);
  }

  /** Deletes the service's account if the runtime made it. */
  void remove(String namespace, String name) {
    accounts
        .find(namespace, name)
        .filter(ServiceAccounts::ours)
        .ifPresent(account -> accounts.delete(namespace, name));
  }

  private void ensureRules(String namespace) {
    cachedRules.ifPresent(cache -> cache.provision(namespace));
    List<String> present = rules.list(namespace).stream().map(Rule::id).toList();
    boolean changed = false;
    for (Rule rule : RULES) {
      if (!present.contains(rule.id())) {
        try {
          rules.create(namespace, rule);
          changed = true;
        } catch (RuleExistsException raced) {
          // created meanwhile: fine
        }
      }
    }
    if (changed) {
      cachedRules.ifPresent(cache -> cache.invalidate(namespace));
    }
  }

  private static boolean ours(Account account) {
    return account.type() == AccountType.SERVICE
        && MARK_VALUE.equals(account.metadata().get(MARK_KEY));
  }
}
