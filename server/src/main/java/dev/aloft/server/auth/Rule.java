package dev.aloft.server.auth;

/**
 * Who may or may not call what, in one namespace.
 *
 * @param id unique within the namespace
 * @param scope {@code ""} anyone, {@code *} any account of the namespace, {@code +} any account of
 *     any namespace, otherwise accounts carrying that scope
 * @param resource the resource pattern
 * @param access granted or denied
 * @param priority higher is evaluated first
 */
public record Rule(String id, String scope, Resource resource, Access access, int priority) {

  /** Matches anyone, even a caller without a token. */
  public static final String SCOPE_PUBLIC = "";

  /** Matches any account of the rule's namespace. */
  public static final String SCOPE_NAMESPACE_ACCOUNTS = "*";

  /** Matches any account of any namespace. */
  public static final String SCOPE_ANY_ACCOUNT = "+";
}
