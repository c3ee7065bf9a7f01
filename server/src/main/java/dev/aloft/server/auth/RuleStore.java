package dev.aloft.server.auth;

import java.util.List;

/**
 * Where the access rules of every namespace live. Every method takes the namespace explicitly; the
 * rules of one namespace never apply to another.
 */
public interface RuleStore {

  /**
   * Adds a rule.
   *
   * @throws RuleExistsException when the namespace already has a rule with this id
   */
  void create(String namespace, Rule rule);

  /** Removes a rule; false when there was none. */
  boolean delete(String namespace, String id);

  /** The namespace's rules, highest priority first (denied before granted at equal priority). */
  List<Rule> list(String namespace);

  /**
   * Records the namespace and gives it these rules, unless it was provisioned before (its rules are
   * then left as they are, even if all were deleted since).
   *
   * @return whether the namespace was new
   */
  boolean provision(String namespace, List<Rule> initialRules);

  /** Whether the namespace was provisioned. */
  boolean isProvisioned(String namespace);
}
