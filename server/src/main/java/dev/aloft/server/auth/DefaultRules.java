package dev.aloft.server.auth;

import java.util.List;

/**
 * The rules a namespace gets when it is first used: its own accounts may call anything, holders of
 * {@code admin} (including the platform admin acting across namespaces) may call anything, and what
 * one needs to log in is public. Tenants tighten them with their own rules.
 */
public final class DefaultRules {

  private DefaultRules() {}

  public static List<Rule> forNewNamespace() {
    return List.of(
        new Rule(
            "default",
            Rule.SCOPE_NAMESPACE_ACCOUNTS,
            new Resource("*", "*", "*"),
            Access.GRANTED,
            0),
        new Rule(
            "admin", PlatformAdmin.ADMIN_SCOPE, new Resource("*", "*", "*"), Access.GRANTED, 0),
        new Rule(
            "auth-token",
            Rule.SCOPE_PUBLIC,
            new Resource("service", "auth", "Auth.Token"),
            Access.GRANTED,
            0),
        new Rule(
            "auth-inspect",
            Rule.SCOPE_PUBLIC,
            new Resource("service", "auth", "Auth.Inspect"),
            Access.GRANTED,
            0));
  }
}
