package dev.aloft.server.auth;

import java.util.Collection;
import java.util.Optional;

/**
 * The platform administrator: an account of the {@code default} namespace holding the {@code admin}
 * scope. Only platform admins may act in another namespace than their own.
 */
public final class PlatformAdmin {

  /** The namespace of the platform itself, and of anonymous callers that name none. */
  public static final String DEFAULT_NAMESPACE = "default";

  /** The scope of administrators; granted only by callers that hold it. */
  public static final String ADMIN_SCOPE = "admin";

  /** The id of the account created on first start. */
  public static final String ADMIN_ACCOUNT_ID = "admin";

  /** The environment variable that sets the admin's secret on first start. */
  public static final String SECRET_VARIABLE = "ALOFT_ADMIN_SECRET";

  private PlatformAdmin() {}

  /**
   * What is wrong with a configured admin secret (from {@value #SECRET_VARIABLE}), as one sentence
   * naming the variable but never the secret; empty when it is usable. An empty value means "not
   * set" (a secret is generated) and is fine.
   */
  public static Optional<String> configuredSecretProblem(String secret) {
    if (secret == null
        || secret.isEmpty()
        || (secret.length() >= AuthInput.MIN_SECRET && secret.length() <= AuthInput.MAX_SECRET)) {
      return Optional.empty();
    }
    return Optional.of(
        SECRET_VARIABLE
            + " (aloft.admin-secret) has "
            + secret.length()
            + " characters; the platform admin's secret needs "
            + AuthInput.MIN_SECRET
            + " to "
            + AuthInput.MAX_SECRET
            + " (or leave it unset to have one generated)");
  }

  public static boolean isPlatformAdmin(String accountNamespace, Collection<String> scopes) {
    return DEFAULT_NAMESPACE.equals(accountNamespace) && scopes.contains(ADMIN_SCOPE);
  }
}
