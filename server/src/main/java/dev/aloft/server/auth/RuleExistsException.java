package dev.aloft.server.auth;

/** A rule with this id already exists in the namespace. */
public final class RuleExistsException extends RuntimeException {
  public RuleExistsException(String namespace, String id) {
    super("rule '" + id + "' already exists in namespace '" + namespace + "'");
  }
}
