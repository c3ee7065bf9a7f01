package dev.aloft.server.tenancy;

import java.util.regex.Pattern;

/**
 * The form of a namespace name: it becomes part of Kubernetes names ({@code aloft-<name>}), so a
 * DNS label of at most 57 characters: lowercase letters, digits and {@code -}, starting and ending
 * with a letter or digit.
 */
public final class NamespaceName {

  /** Said in error messages after the offending value. */
  public static final String RULE =
      "a namespace is 1 to 57 lowercase letters, digits or '-', starting and ending with a letter"
          + " or digit";

  private static final Pattern FORM = Pattern.compile("[a-z0-9]([a-z0-9-]{0,55}[a-z0-9])?");

  private NamespaceName() {}

  public static boolean isValid(String name) {
    return name != null && FORM.matcher(name).matches();
  }
}
